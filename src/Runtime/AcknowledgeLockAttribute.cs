using System;

namespace MigrationChain;

/// <summary>
/// Says that this migration knowingly takes a lock stronger than SHARE UPDATE EXCLUSIVE on a large table, or rewrites
/// it (PostgreSQL), and why: the runner's lock policy (<see cref="MigrationRunnerOptions.LockPolicy"/>) then lets it
/// through and the plan shows the reason. Example: <c>[AcknowledgeLock("orders is written only by the nightly import")]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AcknowledgeLockAttribute : Attribute
{
    /// <summary>Acknowledges the migration's strong locks.</summary>
    /// <param name="reason">Why the lock is acceptable; shown in plans and logs. Must not be empty.</param>
    public AcknowledgeLockAttribute(string reason)
    {
        Reason = reason;
    }

    /// <summary>Why the lock is acceptable.</summary>
    public string Reason { get; }
}
