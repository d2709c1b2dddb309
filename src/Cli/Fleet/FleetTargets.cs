using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;

namespace MigrationChain.Cli.Fleet;

/// <summary>One database of the stream, numbered in the order the source gave it (the summary keeps that order).</summary>
internal readonly record struct FleetTarget(long Number, DatabaseAddress Address);

/// <summary>The fleet as a stream, cut to this process's shard and split into canaries and the rest.</summary>
internal static class FleetTargets
{
    /// <summary>
    /// The databases the command line names, one at a time, as <see cref="TargetSources"/> streams them (each source
    /// checks its whole input first); nothing after this point holds the fleet.
    /// </summary>
    public static async IAsyncEnumerable<FleetTarget> Of(CommandContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long number = 0;
        await foreach (var address in context.StreamFleet(cancellationToken).ConfigureAwait(false))
        {
            yield return new FleetTarget(number++, address);
        }
    }

    /// <summary>This shard's part of the stream (all of it without --shard).</summary>
    public static async IAsyncEnumerable<FleetTarget> InShard(IAsyncEnumerable<FleetTarget> targets, Shard? shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var target in targets.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (shard is null || shard.Takes(target.Address))
            {
                yield return target;
            }
        }
    }

    /// <summary>
    /// The canaries (held: they are few) and the rest (still a stream). Named canaries are looked for in the whole
    /// fleet, before sharding, so a name in another shard's part is not an error; the databases read past while
    /// looking are held until the canaries have run. A name that is not in the fleet is an error before anything runs.
    /// </summary>
    public static async Task<(IReadOnlyList<FleetTarget> Canaries, IAsyncEnumerable<FleetTarget> Others)> SplitAsync(
        IAsyncEnumerable<FleetTarget> fleet, RolloutPolicy policy, CancellationToken cancellationToken)
    {
        if (!policy.HasCanaries)
        {
            return (Array.Empty<FleetTarget>(), InShard(fleet, policy.Shard, cancellationToken));
        }

        var canaries = new List<FleetTarget>();
        var passed = new List<FleetTarget>();
        var enumerator = (policy.CanaryCount > 0 ? InShard(fleet, policy.Shard, cancellationToken) : fleet).GetAsyncEnumerator(cancellationToken);
        var wanted = new HashSet<string>(policy.CanaryNames, StringComparer.Ordinal);
        while ((policy.CanaryCount > 0 ? canaries.Count < policy.CanaryCount : wanted.Count > 0) && await enumerator.MoveNextAsync().ConfigureAwait(false))
        {
            var target = enumerator.Current;
            if (policy.CanaryCount > 0 || wanted.Remove(target.Address.Display))
            {
                canaries.Add(target);
            }
            else
            {
                passed.Add(target);
            }
        }

        if (wanted.Count > 0)
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            throw new CliException(ExitCodes.Usage,
                $"--canary names {string.Join(", ", wanted.Order(StringComparer.Ordinal).Select(n => $"'{n}'"))}, which {(wanted.Count == 1 ? "is" : "are")} not in the fleet; nothing was run.",
                "Name canaries as the DATABASE column of 'mchain current --databases ...' shows them, or give a count: --canary 3.");
        }

        var rest = Concat(passed, enumerator, cancellationToken);
        return policy.CanaryCount > 0
            ? (canaries, rest)
            : (canaries.Where(c => policy.Shard?.Takes(c.Address) ?? true).ToList(), InShard(rest, policy.Shard, cancellationToken));
    }

    private static async IAsyncEnumerable<FleetTarget> Concat(List<FleetTarget> first, IAsyncEnumerator<FleetTarget> then, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using (then.ConfigureAwait(false))
        {
            foreach (var target in first)
            {
                yield return target;
            }

            first.Clear();
            while (await then.MoveNextAsync().ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return then.Current;
            }
        }
    }
}
