using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5015: UPDATE/DELETE without WHERE in the same transaction as DDL on that table.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BackfillUnderDdlLockAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public BackfillUnderDdlLockAnalyzer()
        : base(Descriptors.MC5015_BackfillUnderDdlLock)
    {
    }
}
