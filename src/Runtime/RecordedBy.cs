namespace MigrationChain;

/// <summary>What wrote a version row: running the migration, or <c>Stamp</c> recording it without running it.</summary>
public enum RecordedBy
{
    /// <summary>
    /// Not known: the row was written by a runner older than the <c>recorded_by</c> column, by an offline script
    /// (<c>mchain upgrade --sql</c>), or by hand.
    /// </summary>
    Unknown = 0,

    /// <summary>The runner applied the migration.</summary>
    Upgrade = 1,

    /// <summary><c>Stamp</c> recorded the revision without running its migration.</summary>
    Stamp = 2,
}
