using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5003: CONCURRENTLY in a migration that runs in a transaction, which PostgreSQL refuses.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConcurrentlyInTransactionAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public ConcurrentlyInTransactionAnalyzer()
        : base(Descriptors.MC5003_ConcurrentlyInTransaction)
    {
    }
}
