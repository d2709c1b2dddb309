using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Testing.Schema;

namespace MigrationChain.Testing.Checks;

/// <summary>
/// After upgrading to a revision and downgrading it again, the schema is the one from before the upgrade. For
/// the whole chain: upgrade one revision at a time to every head, remembering each schema, then downgrade one
/// revision at a time, newest first, comparing each schema with the one remembered, down to the base or the
/// newest irreversible revision.
/// </summary>
internal static class NoTraceCheck
{
    private const string Check = "DowngradeLeavesNoTrace";

    public static async Task RunAsync(MigrationTestDatabase database, CancellationToken cancellationToken)
    {
        var driver = new ChainDriver(database, Check, cancellationToken);
        var revisions = await driver.RequireEmptyAsync().ConfigureAwait(false);
        if (revisions.Count == 0)
        {
            throw driver.Fail(null, "the chain has no migrations.");
        }

        var schemas = new List<SchemaSnapshot> { await driver.SnapshotAsync(null, "of the empty database").ConfigureAwait(false) };
        foreach (var revision in revisions)
        {
            await driver.UpgradeOneAsync(revision.Revision, "upgrading to it").ConfigureAwait(false);
            schemas.Add(await driver.SnapshotAsync(revision.Revision, "after its upgrade").ConfigureAwait(false));
        }

        for (var i = revisions.Count - 1; i >= 0 && revisions[i].HasDowngrade; i--)
        {
            var id = revisions[i].Revision;
            await driver.DowngradeOneAsync(id, "downgrading it").ConfigureAwait(false);
            var downgraded = await driver.SnapshotAsync(id, "after its downgrade").ConfigureAwait(false);
            driver.RequireSameSchema(id, schemas[i], downgraded,
                "downgrading it did not restore the schema from before its upgrade",
                addedMeans: "left behind by the downgrade",
                removedMeans: "there before the upgrade, gone after the downgrade");
        }
    }

    public static async Task RunAsync(MigrationTestDatabase database, string revision, CancellationToken cancellationToken)
    {
        var driver = new ChainDriver(database, Check, cancellationToken);
        var revisions = await driver.RequireEmptyAsync().ConfigureAwait(false);
        var target = Find(driver, revisions, revision);
        if (!target.HasDowngrade)
        {
            throw driver.Fail(target.Revision, "it has no downgrade (it is [Irreversible] or does not override Downgrade), so there is nothing to check.");
        }

        await driver.UpgradeToJustBeforeAsync(target).ConfigureAwait(false);
        var before = await driver.SnapshotAsync(target.Revision, "before its upgrade").ConfigureAwait(false);
        await driver.UpgradeOneAsync(target.Revision, "upgrading to it").ConfigureAwait(false);
        await driver.DowngradeOneAsync(target.Revision, "downgrading it").ConfigureAwait(false);
        var after = await driver.SnapshotAsync(target.Revision, "after its downgrade").ConfigureAwait(false);
        driver.RequireSameSchema(target.Revision, before, after,
            "downgrading it did not restore the schema from before its upgrade",
            addedMeans: "left behind by the downgrade",
            removedMeans: "there before the upgrade, gone after the downgrade");
    }

    /// <summary>The revision by id, or by a prefix of exactly one id, as the runner accepts targets.</summary>
    private static RevisionStatus Find(ChainDriver driver, IReadOnlyList<RevisionStatus> revisions, string revision)
    {
        var exact = revisions.FirstOrDefault(r => string.Equals(r.Revision, revision, StringComparison.Ordinal));
        if (exact is not null)
        {
            return exact;
        }

        var matches = revisions.Where(r => r.Revision.StartsWith(revision, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw driver.Fail(null, $"the chain has no revision '{revision}'."),
            _ => throw driver.Fail(null, $"'{revision}' is ambiguous: it starts {ChainDriver.Quote(matches.Select(m => m.Revision))}."),
        };
    }
}
