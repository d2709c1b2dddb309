namespace MigrationChain;

/// <summary>What a run did.</summary>
public enum MigrationOperation
{
    /// <summary>Applied migrations.</summary>
    Upgrade = 0,

    /// <summary>Undid migrations.</summary>
    Downgrade = 1,

    /// <summary>Rewrote the version table without running anything.</summary>
    Stamp = 2,
}
