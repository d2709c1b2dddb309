using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5008: SET NOT NULL without a validated CHECK (col IS NOT NULL) first, on a table production has.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SetNotNullScanAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public SetNotNullScanAnalyzer()
        : base(Descriptors.MC5008_SetNotNullScan)
    {
    }
}
