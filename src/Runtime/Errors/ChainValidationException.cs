using System.Collections.Generic;
using System.Linq;

namespace MigrationChain;

/// <summary>The migrations do not form a valid chain; nothing was run. Lists every problem found.</summary>
public sealed class ChainValidationException : MigrationChainException
{
    /// <summary>Creates the exception from the chain's error diagnostics.</summary>
    public ChainValidationException(IReadOnlyList<ChainDiagnostic> diagnostics)
        : base(Format(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Every problem, each naming the revision to fix.</summary>
    public IReadOnlyList<ChainDiagnostic> Diagnostics { get; }

    private static string Format(IReadOnlyList<ChainDiagnostic> diagnostics) =>
        $"The migration chain is invalid ({diagnostics.Count} problem{(diagnostics.Count == 1 ? string.Empty : "s")}); " +
        "nothing was run:" + string.Concat(diagnostics.Select(d => "\n  " + d));
}
