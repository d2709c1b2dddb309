using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5010: ADD COLUMN with a volatile default, a stored generated column or a serial/identity column, on a table production has.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RewritingAddColumnAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public RewritingAddColumnAnalyzer()
        : base(Descriptors.MC5010_RewritingAddColumn)
    {
    }
}
