using System;

namespace MigrationChain.Execution;

/// <summary>
/// One of the steps a session kept to send together (<see cref="DatabaseSession.DeferredSteps"/>) failed when they were
/// sent. The <see cref="Committed"/> steps before it committed, it was rolled back, and the steps after it never ran.
/// Thrown through whatever sent them (the next step's final batch, a guard query inside the next migration), it is
/// not that step's failure: the step loop reports it for the step it names.
/// </summary>
internal sealed class DeferredStepsFailedException : Exception
{
    public DeferredStepsFailedException(int committed, Exception error, bool outcomeUnknown, string? statement = null)
        : base(error.Message, error)
    {
        Committed = committed;
        Error = error;
        OutcomeUnknown = outcomeUnknown;
        Statement = statement;
    }

    /// <summary>
    /// The statement that failed, looked up while the database still remembered it, when the error does not say
    /// (a cancelled batch); null when it does, or when it could not be known.
    /// </summary>
    public string? Statement { get; }

    /// <summary>How many of the kept steps, in order, committed before the one that failed.</summary>
    public int Committed { get; }

    /// <summary>What failed: the database's error, or what the version row's check made of it.</summary>
    public Exception Error { get; }

    /// <summary>
    /// The connection failed without the database saying where (a lost connection, the driver's timeout): any of the
    /// kept steps may have committed, and only the version table can tell which.
    /// </summary>
    public bool OutcomeUnknown { get; }
}
