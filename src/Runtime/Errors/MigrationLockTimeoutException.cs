using System;

namespace MigrationChain;

/// <summary>Another runner held the migration lock for longer than the configured lock timeout. Nothing was changed.</summary>
public sealed class MigrationLockTimeoutException : MigrationChainException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="timeout">How long the runner waited.</param>
    /// <param name="holder">Who holds the lock, as far as the database can tell, or null.</param>
    /// <param name="innerException">The database's own error, if any.</param>
    public MigrationLockTimeoutException(TimeSpan timeout, string? holder, Exception? innerException = null)
        : base($"Timed out after {timeout.TotalSeconds:0.#} s waiting for the migration lock" +
               (holder is null ? "; another runner is applying migrations." : $", held by {holder}."),
               "Wait for it to finish, or raise LockTimeout.", new[] { new Remedy(RemedyKind.RaiseLockTimeout) }, innerException)
    {
        Timeout = timeout;
        Holder = holder;
    }

    /// <summary>How long the runner waited.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Who holds the lock, when the database can tell (PostgreSQL: pid, application_name, since when).</summary>
    public string? Holder { get; }
}
