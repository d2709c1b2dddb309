namespace MigrationChain.Hosting;

/// <summary>What the host does with the database before the application starts serving.</summary>
public enum MigrationStartup
{
    /// <summary>Nothing: the runner and the health check are registered, and migrating is left to you.</summary>
    None = 0,

    /// <summary>Upgrade to every head before any hosted service starts. Safe with many instances starting at once.</summary>
    Migrate = 1,

    /// <summary>
    /// Change nothing; fail startup with a clear message unless the database is exactly at head. For teams that
    /// migrate in a deploy step and want an instance never to run against a schema it was not built for.
    /// </summary>
    Verify = 2,
}
