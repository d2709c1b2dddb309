using System.Collections.Generic;

namespace MigrationChain;

/// <summary>
/// The database is not in a state the runner can safely move from. Raised before anything changes; the message
/// names the revisions and the way out (usually <c>Stamp</c>).
/// </summary>
public sealed class DatabaseStateException : MigrationChainException
{
    /// <summary>Creates the exception.</summary>
    public DatabaseStateException(DatabaseStateProblem problem, IReadOnlyList<string> revisions, string message)
        : base(message)
    {
        Problem = problem;
        Revisions = revisions;
    }

    /// <summary>Creates the exception with its way out as data (see <see cref="MigrationChainException.Remedies"/>).</summary>
    internal DatabaseStateException(DatabaseStateProblem problem, IReadOnlyList<string> revisions, string situation, string remedyInCSharp, IReadOnlyList<Remedy> remedies)
        : base(situation, remedyInCSharp, remedies, null)
    {
        Problem = problem;
        Revisions = revisions;
    }

    /// <summary>What is wrong.</summary>
    public DatabaseStateProblem Problem { get; }

    /// <summary>The revisions involved.</summary>
    public IReadOnlyList<string> Revisions { get; }
}
