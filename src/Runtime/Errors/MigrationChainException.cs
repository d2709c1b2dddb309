using System;

namespace MigrationChain;

/// <summary>The base of every error MigrationChain raises on purpose; its message says what to do.</summary>
public abstract class MigrationChainException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected MigrationChainException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
