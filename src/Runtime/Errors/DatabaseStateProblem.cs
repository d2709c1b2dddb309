namespace MigrationChain;

/// <summary>What is wrong with a database's recorded state.</summary>
public enum DatabaseStateProblem
{
    /// <summary>The version table records a revision these assemblies do not contain ("Can't locate revision").</summary>
    UnknownRevision = 1,

    /// <summary>The version table records revisions newer than this code: newer code migrated it.</summary>
    AheadOfCode = 2,

    /// <summary>A revision is recorded but one of its ancestors is not: the database did not follow the chain.</summary>
    MissingAncestor = 3,

    /// <summary>A non-transactional migration started and did not finish; it may be half applied.</summary>
    Interrupted = 4,

    /// <summary>The database has tables but no version table: upgrading would replay everything over them.</summary>
    Unversioned = 5,

    /// <summary>The revisions the embedded chain manifest expects are not in the deployed assemblies.</summary>
    MissingMigrations = 6,

    /// <summary>
    /// An applied migration was edited after it ran and <see cref="MigrationRunnerOptions.OnDrift"/> is
    /// <see cref="DriftPolicy.Fail"/>.
    /// </summary>
    EditedAfterApplied = 7,
}
