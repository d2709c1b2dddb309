namespace MigrationChain;

/// <summary>Options for one upgrade, downgrade or stamp.</summary>
public sealed class RunOptions
{
    /// <summary>Back the database up before changing it (SQLite); null uses <see cref="MigrationRunnerOptions.Backup"/>.</summary>
    public bool? Backup { get; set; }

    /// <summary>Work out and return the steps without changing anything.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Run again a non-transactional migration that started and did not finish, instead of refusing. Make sure it
    /// is safe to re-run first.
    /// </summary>
    public bool RetryInterrupted { get; set; }
}
