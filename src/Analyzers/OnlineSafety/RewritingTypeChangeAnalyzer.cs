using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5011: ALTER COLUMN ... TYPE that rewrites a table production has.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RewritingTypeChangeAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public RewritingTypeChangeAnalyzer()
        : base(Descriptors.MC5011_RewritingTypeChange)
    {
    }
}
