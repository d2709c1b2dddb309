using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5012: Renaming a table or column the previous release's code may still use.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RenameInUseAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public RenameInUseAnalyzer()
        : base(Descriptors.MC5012_RenameInUse)
    {
    }
}
