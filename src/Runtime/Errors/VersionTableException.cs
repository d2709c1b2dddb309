using System;
using System.Collections.Generic;

namespace MigrationChain;

/// <summary>
/// The runner cannot use the version table: it could not be created (a missing schema, a user without the
/// privilege), or another process wrote it without holding the migration lock. Nothing of the step was committed;
/// the message says what to change.
/// </summary>
public sealed class VersionTableException : MigrationChainException
{
    /// <summary>Creates the exception.</summary>
    public VersionTableException(string table, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Table = table;
    }

    /// <summary>Creates the exception with its way out as data (see <see cref="MigrationChainException.Remedies"/>).</summary>
    internal VersionTableException(string table, string situation, string remedyInCSharp, IReadOnlyList<Remedy> remedies, Exception? innerException = null)
        : base(situation, remedyInCSharp, remedies, innerException)
    {
        Table = table;
    }

    /// <summary>The version table, as the database names it.</summary>
    public string Table { get; }
}
