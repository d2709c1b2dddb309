using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5014: Blocking DDL on a table production has, in a migration without a lock timeout.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoLockTimeoutAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public NoLockTimeoutAnalyzer()
        : base(Descriptors.MC5014_NoLockTimeout)
    {
    }
}
