using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5004: More than one statement in a migration with Transactional = false.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SeveralStatementsWithoutTransactionAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public SeveralStatementsWithoutTransactionAnalyzer()
        : base(Descriptors.MC5004_SeveralStatementsWithoutTransaction)
    {
    }
}
