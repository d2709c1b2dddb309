using System.Threading;
using System.Threading.Tasks;

namespace MigrationChain.Testing.Checks;

/// <summary>
/// For every revision in chain order (across merges and labelled branches): upgrade to it, downgrade one step,
/// upgrade again. The schema after the downgrade must be the one before the upgrade, and the second upgrade must
/// build what the first one built. Irreversible revisions are upgraded only.
/// </summary>
internal static class StairwayCheck
{
    public static async Task RunAsync(MigrationTestDatabase database, CancellationToken cancellationToken)
    {
        var driver = new ChainDriver(database, "Stairway", cancellationToken);
        var revisions = await driver.RequireEmptyAsync().ConfigureAwait(false);
        if (revisions.Count == 0)
        {
            throw driver.Fail(null, "the chain has no migrations.");
        }

        var before = await driver.SnapshotAsync(null, "of the empty database").ConfigureAwait(false);
        for (var i = 0; i < revisions.Count; i++)
        {
            var revision = revisions[i];
            var id = revision.Revision;
            await driver.UpgradeOneAsync(id, $"upgrading to it (step {i + 1} of {revisions.Count})").ConfigureAwait(false);
            var upgraded = await driver.SnapshotAsync(id, "after its upgrade").ConfigureAwait(false);
            if (!revision.HasDowngrade)
            {
                before = upgraded;
                continue;
            }

            await driver.DowngradeOneAsync(id, "downgrading it one step").ConfigureAwait(false);
            var downgraded = await driver.SnapshotAsync(id, "after its downgrade").ConfigureAwait(false);
            driver.RequireSameSchema(id, before, downgraded,
                "downgrading it did not restore the schema it was upgraded from",
                addedMeans: "left behind by the downgrade",
                removedMeans: "there before the upgrade, gone after the downgrade");

            await driver.UpgradeOneAsync(id, "upgrading to it again after its downgrade (a failure here usually means the downgrade left data or objects the upgrade does not expect)").ConfigureAwait(false);
            var again = await driver.SnapshotAsync(id, "after its second upgrade").ConfigureAwait(false);
            driver.RequireSameSchema(id, upgraded, again,
                "upgrading it again after its downgrade built a different schema than its first upgrade",
                addedMeans: "only after the second upgrade",
                removedMeans: "only after the first upgrade");
            before = again;
        }
    }
}
