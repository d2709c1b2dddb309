using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MigrationChain.Testing.Checks;

/// <summary>An empty database upgrades to every head, ends recording exactly the heads, and a second upgrade has nothing to do.</summary>
internal static class EmptyUpgradeCheck
{
    public static async Task RunAsync(MigrationTestDatabase database, CancellationToken cancellationToken)
    {
        var driver = new ChainDriver(database, "UpgradeFromEmpty", cancellationToken);
        var runner = database.Runner;
        var revisions = await driver.RequireEmptyAsync().ConfigureAwait(false);

        MigrationResult result;
        try
        {
            result = await runner.UpgradeHeadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MigrationFailedException e)
        {
            var applied = (await driver.RevisionsAsync().ConfigureAwait(false)).Count(r => r.IsApplied);
            throw driver.Fail(e.Revision,
                $"upgrading the empty database to head stopped after {applied} of {revisions.Count} migrations ({driver.Database}):\n  " +
                e.Message.Replace("\n", "\n  ", StringComparison.Ordinal), e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw driver.Fail(null, $"upgrading the empty database to head failed ({driver.Database}):\n  {e.Message}", e);
        }

        var heads = runner.Heads();
        var current = result.Current;
        if (!heads.OrderBy(h => h, StringComparer.Ordinal).SequenceEqual(current.OrderBy(c => c, StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw driver.Fail(null,
                $"after upgrading to head the database is at {ChainDriver.Quote(current)}, but the chain's heads are {ChainDriver.Quote(heads)}.");
        }

        var again = await driver.Guard(null, "upgrading to head a second time", () => runner.UpgradeHeadAsync(cancellationToken)).ConfigureAwait(false);
        if (!again.WasUpToDate)
        {
            throw driver.Fail(again.Steps[0].Revision,
                $"upgrading to head a second time ran {string.Join(", ", again.Steps)}: the first upgrade did not finish the job.");
        }
    }
}
