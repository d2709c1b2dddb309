namespace MigrationChain;

/// <summary>How a run groups its migrations into transactions (<see cref="MigrationRunnerOptions.TransactionMode"/>).</summary>
public enum MigrationTransactionMode
{
    /// <summary>
    /// Each migration commits with its version row before the next starts (the default): a failure in migration k
    /// leaves the first k - 1 applied, and other runners and readers see the database move step by step.
    /// </summary>
    PerMigration,

    /// <summary>
    /// Every migration of an upgrade or downgrade, and its version row, in one transaction: all or nothing. A run
    /// that would include a non-transactional migration is refused before anything changes. The run holds the
    /// database's write lock (SQLite) or its locks on the changed tables (PostgreSQL) until it commits.
    /// </summary>
    OneTransaction,
}
