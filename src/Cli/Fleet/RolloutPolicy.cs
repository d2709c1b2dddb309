using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Errors;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// How a fleet upgrade rolls out: which part of the fleet this process takes (<c>--shard</c>), which databases go
/// first and must all succeed before any other starts (<c>--canary</c>), and after how many failures no further
/// database is started (<c>--max-failures</c>). Read from the command line or mchain.json, checked before anything runs.
/// </summary>
internal sealed class RolloutPolicy
{
    public static readonly RolloutPolicy None = new(null, 0, Array.Empty<string>(), null);

    private RolloutPolicy(Shard? shard, int canaryCount, IReadOnlyList<string> canaryNames, int? maxFailures)
    {
        Shard = shard;
        CanaryCount = canaryCount;
        CanaryNames = canaryNames;
        MaxFailures = maxFailures;
    }

    public Shard? Shard { get; }

    /// <summary>With <c>--canary N</c>: the first N databases of this process's part of the fleet.</summary>
    public int CanaryCount { get; }

    /// <summary>With <c>--canary a,b</c>: the databases named, as the DATABASE column shows them.</summary>
    public IReadOnlyList<string> CanaryNames { get; }

    public int? MaxFailures { get; }

    public bool HasCanaries => CanaryCount > 0 || CanaryNames.Count > 0;

    public static RolloutPolicy From(CommandContext context)
    {
        var options = context.Options;
        var shard = context.TakesOption(options.Shard) && context.Value(options.Shard) is { } shardText
            ? Shard.Parse(shardText, Environment.GetEnvironmentVariable(Shard.IndexVariable))
            : null;
        if (!context.TakesOption(options.Canary))
        {
            return new RolloutPolicy(shard, 0, Array.Empty<string>(), null);
        }

        var maxFailures = context.Value(options.MaxFailures);
        if (maxFailures is < 1)
        {
            throw new CliException(ExitCodes.Usage, $"--max-failures {maxFailures} would stop before the first database.",
                "Give the number of failures after which no further database is started (--max-failures 1 stops at the first), or leave it out to never stop.");
        }

        var (count, names) = Canaries(context.Value(options.Canary));
        return new RolloutPolicy(shard, count, names, maxFailures);
    }

    private static (int Count, IReadOnlyList<string> Names) Canaries(string? text)
    {
        if (text is null)
        {
            return (0, Array.Empty<string>());
        }

        var trimmed = text.Trim();
        if (trimmed.Length > 0 && trimmed.All(c => char.IsAsciiDigit(c) || c == '-'))
        {
            return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
                ? (count, Array.Empty<string>())
                : throw new CliException(ExitCodes.Usage, $"--canary {text}: give how many databases go first (1 or more), or their names.",
                    "For example --canary 3, or --canary projects/alpha/memory.db,projects/beta/memory.db (as the DATABASE column shows them).");
        }

        var names = trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        return names.Length > 0
            ? (0, names)
            : throw new CliException(ExitCodes.Usage, "--canary is empty.", "Give how many databases go first (--canary 3) or their names, comma-separated.");
    }
}
