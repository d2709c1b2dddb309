using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5013: Dropping a table or column the previous release's code may still use.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DropInUseAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public DropInUseAnalyzer()
        : base(Descriptors.MC5013_DropInUse)
    {
    }
}
