using System;
using System.Collections.Generic;

namespace MigrationChain;

/// <summary>The base of every error MigrationChain raises on purpose; its message says what to do.</summary>
public abstract class MigrationChainException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected MigrationChainException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Situation = message;
        Remedies = Array.Empty<Remedy>();
    }

    /// <summary>
    /// An error whose way out is data: the message is <paramref name="situation"/> followed by the remedy as a C#
    /// caller writes it, and <see cref="Remedies"/> lets another front end (the CLI) say it in its own words.
    /// </summary>
    private protected MigrationChainException(string situation, string remedyInCSharp, IReadOnlyList<Remedy> remedies, Exception? innerException)
        : base(situation + " " + remedyInCSharp, innerException)
    {
        Situation = situation;
        Remedies = remedies;
    }

    /// <summary>What went wrong, in no caller's language: the message without the remedy when there is one.</summary>
    internal string Situation { get; }

    /// <summary>What the caller can do, as data; empty when the message itself is all there is.</summary>
    internal IReadOnlyList<Remedy> Remedies { get; }
}
