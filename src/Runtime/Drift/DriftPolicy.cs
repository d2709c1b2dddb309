namespace MigrationChain;

/// <summary>
/// What a runner does when an applied migration's code has changed since it ran ("applied, then edited"): its
/// checksum in the version table differs from the one built into the assembly.
/// </summary>
public enum DriftPolicy
{
    /// <summary>Tell the listener (and the host's log), then carry on. The default.</summary>
    Warn = 0,

    /// <summary>
    /// Refuse to upgrade or downgrade with a <see cref="DatabaseStateException"/>
    /// (<see cref="DatabaseStateProblem.EditedAfterApplied"/>) naming the revision, when it was applied and how to
    /// accept the edit. Stamp and the read-only queries still work.
    /// </summary>
    Fail = 1,

    /// <summary>Neither warn nor refuse. The findings are still in <see cref="MigrationResult.Drift"/> and <see cref="MigrationRunner.History()"/>.</summary>
    Ignore = 2,
}
