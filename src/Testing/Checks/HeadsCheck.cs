using System.Collections.Generic;
using System.Linq;
using MigrationChain.Rules;

namespace MigrationChain.Testing.Checks;

/// <summary>
/// One head, or only heads on distinct labelled branches. The runner's chain rules already refuse anything else
/// (MC1003), so this check loads the chain and turns that refusal into a failure that names the heads.
/// </summary>
internal static class HeadsCheck
{
    private const string Check = "SingleHead";

    public static void Run(MigrationRunner runner)
    {
        IReadOnlyList<string> heads;
        try
        {
            heads = runner.Heads();
        }
        catch (ChainValidationException e)
        {
            throw Failure(e);
        }

        if (heads.Count == 0)
        {
            var assemblies = string.Join(", ", runner.Assemblies.Select(a => a.GetName().Name));
            throw new MigrationAssertionException($"{Check} failed: no migration was found in {assemblies}, so the chain has no head.");
        }
    }

    private static MigrationAssertionException Failure(ChainValidationException e)
    {
        var multiple = e.Diagnostics.Where(d => d.Id == RuleIds.MultipleHeads).ToList();
        if (multiple.Count == 0)
        {
            return new MigrationAssertionException(
                $"{Check} failed: the chain is invalid, so it has no well-defined head:" + string.Concat(e.Diagnostics.Select(d => "\n  " + d)), e);
        }

        // The rule reports each group of competing heads once per head; one line per group says it all.
        var groups = multiple
            .GroupBy(d => string.Join(" ", d.SuggestedRevisions.OrderBy(r => r, System.StringComparer.Ordinal)))
            .Select(g => g.First())
            .ToList();
        var heads = groups.SelectMany(d => d.SuggestedRevisions).Distinct().ToList();
        return new MigrationAssertionException(
            $"{Check} failed: the chain has {heads.Count} heads that no branch label explains ({ChainDriver.Quote(heads)}):" +
            string.Concat(groups.Select(d => "\n  " + d)),
            e)
        {
            Revision = heads[0],
        };
    }
}
