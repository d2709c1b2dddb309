using System.Collections.Generic;

namespace MigrationChain.Hosting;

/// <summary>
/// Startup in <see cref="MigrationStartup.Verify"/> mode found migrations the database has not applied. Nothing was
/// changed; the application does not start.
/// </summary>
public sealed class DatabaseNotAtHeadException : MigrationChainException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="database">The database, as logs name it (no secrets).</param>
    /// <param name="current">The revisions the database is at.</param>
    /// <param name="pending">The revisions it lacks, in the order an upgrade would apply them.</param>
    public DatabaseNotAtHeadException(string database, IReadOnlyList<string> current, IReadOnlyList<string> pending)
        : base($"{database} is not at head: {pending.Count} migration{(pending.Count == 1 ? " is" : "s are")} pending " +
               $"({string.Join(", ", pending)}); it is at {(current.Count == 0 ? "base (no migration applied)" : string.Join(", ", current))}. " +
               "This application verifies the database at startup instead of migrating it (MigrationChain Startup = Verify): " +
               "apply the pending migrations in your deploy step, then start the application again.")
    {
        Current = current;
        Pending = pending;
    }

    /// <summary>The revisions the database is at.</summary>
    public IReadOnlyList<string> Current { get; }

    /// <summary>The revisions an upgrade to head would apply, in order.</summary>
    public IReadOnlyList<string> Pending { get; }
}
