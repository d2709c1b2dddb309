using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Testing.Checks;

namespace MigrationChain.Testing;

/// <summary>
/// The chain tests every project wants, one line each. Each method returns quietly when the chain is sound and
/// throws <see cref="MigrationAssertionException"/> with a precise message when it is not, so it works in any test
/// framework. The database checks expect an empty database each (see <see cref="MigrationTestDatabase"/>).
/// </summary>
/// <example>
/// <code>
/// [Fact] public void SingleHead() => MigrationAssert.SingleHead(typeof(CreateUsers).Assembly);
/// [Fact] public void UpgradeFromEmpty() => MigrationAssert.UpgradeFromEmpty(MigrationTestDatabase.Sqlite(NewFile(), typeof(CreateUsers).Assembly));
/// [Fact] public void Stairway() => MigrationAssert.Stairway(MigrationTestDatabase.Sqlite(NewFile(), typeof(CreateUsers).Assembly));
/// [Fact] public void NoTrace() => MigrationAssert.DowngradeLeavesNoTrace(MigrationTestDatabase.Sqlite(NewFile(), typeof(CreateUsers).Assembly));
/// </code>
/// </example>
public static class MigrationAssert
{
    /// <summary>
    /// The chain has a single head, or only heads on distinct labelled branches. Reads the chain only; touches no
    /// database. Fails naming the competing heads and the merge that would join them.
    /// </summary>
    public static void SingleHead(MigrationRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        HeadsCheck.Run(runner);
    }

    /// <inheritdoc cref="SingleHead(MigrationRunner)"/>
    /// <param name="migrationAssemblies">Where the migrations are; none means the calling assembly.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SingleHead(params Assembly[] migrationAssemblies)
    {
        var assemblies = migrationAssemblies is { Length: > 0 } ? migrationAssemblies : new[] { Assembly.GetCallingAssembly() };

        // The runner loads the chain without opening the database, so any connection string serves.
        HeadsCheck.Run(MigrationRunner.ForSqlite("Data Source=:memory:", assemblies));
    }

    /// <summary>
    /// Upgrading the empty database to every head succeeds, leaves it recording exactly the heads, and a second
    /// upgrade has nothing to do. Fails naming the migration that failed and the database's error.
    /// </summary>
    public static void UpgradeFromEmpty(MigrationTestDatabase database) => Wait(UpgradeFromEmptyAsync(database));

    /// <inheritdoc cref="UpgradeFromEmpty(MigrationTestDatabase)"/>
    public static Task UpgradeFromEmptyAsync(MigrationTestDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        return EmptyUpgradeCheck.RunAsync(database, cancellationToken);
    }

    /// <summary>
    /// The stairway: for every revision in chain order, walking across merges and labelled branches, upgrade to it,
    /// downgrade one step, and upgrade again. Each move must succeed and move exactly that revision; the schema after
    /// the downgrade must equal the schema before the upgrade, and the second upgrade must build the same schema
    /// as the first. Irreversible revisions are upgraded only. Fails naming the revision, the move, and the
    /// schema differences.
    /// </summary>
    public static void Stairway(MigrationTestDatabase database) => Wait(StairwayAsync(database));

    /// <inheritdoc cref="Stairway(MigrationTestDatabase)"/>
    public static Task StairwayAsync(MigrationTestDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        return StairwayCheck.RunAsync(database, cancellationToken);
    }

    /// <summary>
    /// Downgrades leave no trace, for the whole chain: upgrade one revision at a time to every head, then downgrade
    /// one at a time, newest first, down to the base (or the newest irreversible revision); after each downgrade the
    /// schema (tables, columns with types and nullability, indexes, constraints, views and more, read from the
    /// database's own catalog) must equal the schema from before that revision's upgrade. Fails showing the
    /// difference.
    /// </summary>
    public static void DowngradeLeavesNoTrace(MigrationTestDatabase database) => Wait(DowngradeLeavesNoTraceAsync(database));

    /// <inheritdoc cref="DowngradeLeavesNoTrace(MigrationTestDatabase)"/>
    public static Task DowngradeLeavesNoTraceAsync(MigrationTestDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        return NoTraceCheck.RunAsync(database, cancellationToken);
    }

    /// <summary>
    /// One revision's downgrade leaves no trace: upgrade to everything it builds on, upgrade it, downgrade it, and
    /// compare the schema with the one from before its upgrade. The check to point at a migration you are writing.
    /// </summary>
    /// <param name="database">An empty database.</param>
    /// <param name="revision">The revision id, or a prefix of exactly one.</param>
    public static void DowngradeLeavesNoTrace(MigrationTestDatabase database, string revision) => Wait(DowngradeLeavesNoTraceAsync(database, revision));

    /// <inheritdoc cref="DowngradeLeavesNoTrace(MigrationTestDatabase, string)"/>
    public static Task DowngradeLeavesNoTraceAsync(MigrationTestDatabase database, string revision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(revision);
        return NoTraceCheck.RunAsync(database, revision, cancellationToken);
    }

    private static void Wait(Task task) => task.GetAwaiter().GetResult();
}
