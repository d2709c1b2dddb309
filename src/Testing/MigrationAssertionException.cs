using System;

namespace MigrationChain.Testing;

/// <summary>
/// A chain assertion failed. The message names the revision, what was done to it, and what differed; the inner
/// exception, when there is one, is what the runner or the database threw.
/// </summary>
public sealed class MigrationAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MigrationAssertionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The revision the failure is about, or null when it is about the chain as a whole.</summary>
    public string? Revision { get; init; }
}
