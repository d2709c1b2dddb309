using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5009: ADD COLUMN ... NOT NULL without a default on a table production has.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NotNullColumnWithoutDefaultAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public NotNullColumnWithoutDefaultAnalyzer()
        : base(Descriptors.MC5009_NotNullColumnWithoutDefault)
    {
    }
}
