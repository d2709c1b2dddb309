using System.Collections.Generic;

namespace MigrationChain;

/// <summary>A target (<c>head</c>, a revision, <c>+2</c>, <c>plugins@head</c> ...) that cannot be resolved.</summary>
public sealed class MigrationTargetException : MigrationChainException
{
    /// <summary>Creates the exception.</summary>
    public MigrationTargetException(string target, string message, IReadOnlyList<string>? candidates = null)
        : base(message)
    {
        Target = target;
        Candidates = candidates ?? System.Array.Empty<string>();
    }

    /// <summary>The target as given.</summary>
    public string Target { get; }

    /// <summary>Revisions the target could have meant (for an ambiguous prefix or a near miss).</summary>
    public IReadOnlyList<string> Candidates { get; }
}
