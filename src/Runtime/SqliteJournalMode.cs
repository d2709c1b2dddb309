namespace MigrationChain;

/// <summary>SQLite journal modes the runner can put a database in (<see cref="MigrationRunnerOptions.SqliteJournalMode"/>).</summary>
public enum SqliteJournalMode
{
    /// <summary>The rollback journal, deleted after each commit: SQLite's own default.</summary>
    Delete,

    /// <summary>The rollback journal, truncated instead of deleted after each commit.</summary>
    Truncate,

    /// <summary>The rollback journal, its header zeroed instead of deleted after each commit.</summary>
    Persist,

    /// <summary>
    /// Write-ahead logging: commits append to a <c>-wal</c> file beside the database, readers do not block the writer,
    /// and a commit costs fewer disk flushes. The mode is stored in the file: every later connection uses it.
    /// </summary>
    Wal,
}
