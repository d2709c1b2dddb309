namespace MigrationChain;

/// <summary>Which way a step moves the schema.</summary>
public enum MigrationDirection
{
    /// <summary>Runs <see cref="Migration.Upgrade"/> and records the revision.</summary>
    Upgrade = 0,

    /// <summary>Runs <see cref="Migration.Downgrade"/> and removes the revision's record.</summary>
    Downgrade = 1,
}
