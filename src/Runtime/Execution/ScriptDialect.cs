using System.Collections.Generic;
using MigrationChain.Sql;

namespace MigrationChain.Execution;

/// <summary>
/// A provider's bookkeeping SQL for offline scripts: the same version table and lock the runner uses, with values
/// written as literals and times taken when the script runs. Statements come without their closing semicolon.
/// </summary>
internal abstract class ScriptDialect
{
    public abstract SqlDialect Dialect { get; }

    /// <summary>How to run the script, for its header.</summary>
    public abstract string HowToRun { get; }

    /// <summary>What the script does before the first migration (take the runners' lock; create the version table).</summary>
    public abstract IEnumerable<string> Prologue(bool createVersionTable);

    /// <summary>What the script does after the last migration (release the lock).</summary>
    public abstract IEnumerable<string> Epilogue();

    public abstract string BeginTransaction { get; }

    public abstract string CommitTransaction { get; }

    /// <summary>Sets a step's statement and lock timeouts: for the transaction, or for the session outside one.</summary>
    public virtual IEnumerable<string> Limit(StepLimits limits, bool inTransaction) => System.Array.Empty<string>();

    /// <summary>Undoes <see cref="Limit"/> after a step that ran outside a transaction.</summary>
    public virtual IEnumerable<string> UndoLimit(StepLimits limits) => System.Array.Empty<string>();

    /// <summary>Marks a non-transactional step as started, so a failure part-way leaves the database marked.</summary>
    public abstract string MarkRunning(string revision, IReadOnlyList<string> parents, string? checksum);

    /// <summary>
    /// Records a revision as applied with the checksum the runner would record (null for an assembly built without the
    /// generator), so a database migrated by script is checked for edited migrations like one the runner migrated.
    /// </summary>
    public abstract string RecordApplied(string revision, IReadOnlyList<string> parents, string? checksum);

    public abstract string Forget(string revision);
}
