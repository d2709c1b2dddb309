using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// One of N parts of a fleet (<c>--shard I/N</c>): the targets whose stable hash falls in part I. N processes given
/// 0/N ... N-1/N split a fleet with no coordinator, each target in exactly one part, the same part on every run and
/// machine. <c>--shard auto/N</c> reads I from <see cref="IndexVariable"/>, which a Kubernetes Indexed Job sets in
/// each pod.
/// </summary>
internal sealed record Shard(int Index, int Count)
{
    /// <summary>The pod's index in a Kubernetes Indexed Job (0 ... completions - 1).</summary>
    public const string IndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>Whether this shard takes the target. SHA-256, not string.GetHashCode: that one differs per process.</summary>
    public bool Takes(DatabaseAddress address) => Count == 1 || PartOf(address.StableKey, Count) == Index;

    /// <summary>The part (0 ... count - 1) a key falls in.</summary>
    public static int PartOf(string stableKey, int count)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(stableKey), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }

    /// <summary>Reads <c>I/N</c> or <c>auto/N</c>; <paramref name="environmentIndex"/> is the variable's value, if set.</summary>
    public static Shard Parse(string text, string? environmentIndex)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length != 2 || !TryCount(parts[1], out var count) || count < 1)
        {
            throw Bad($"--shard '{text}' is not I/N.", "Write the shard as I/N with 0 <= I < N, e.g. --shard 0/4 ... --shard 3/4, or --shard auto/4 in a Kubernetes Indexed Job.");
        }

        var indexText = parts[0].Trim();
        if (indexText.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            if (environmentIndex is not { Length: > 0 })
            {
                throw Bad($"--shard {text}: ${IndexVariable} is not set, so 'auto' has no index to take.",
                    $"Run it as a Kubernetes Indexed Job (completionMode: Indexed, completions: {count}), which sets ${IndexVariable} in each pod, or give the index: --shard 0/{count}.");
            }

            if (!TryCount(environmentIndex, out var fromEnvironment) || fromEnvironment >= count)
            {
                throw Bad($"--shard {text}: ${IndexVariable} is '{environmentIndex}', not a shard index from 0 to {count - 1}.",
                    $"Set the Indexed Job's completions to {count}, the N of --shard auto/{count}.");
            }

            return new Shard(fromEnvironment, count);
        }

        if (!TryCount(indexText, out var index))
        {
            throw Bad($"--shard '{text}': '{indexText}' is not a shard index (0 to {count - 1}, or auto).",
                $"Write the shard as I/N, e.g. --shard 0/{count}.");
        }

        return index < count
            ? new Shard(index, count)
            : throw Bad($"--shard {text}: the index must be below {count} (shards are numbered 0 to {count - 1}).",
                $"Run --shard 0/{count} ... --shard {count - 1}/{count}.");
    }

    public override string ToString() => $"{Index}/{Count}";

    private static bool TryCount(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static CliException Bad(string message, string whatToDo) => new(ExitCodes.Usage, message, whatToDo);
}
