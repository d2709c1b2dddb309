using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5002: VACUUM FULL or CLUSTER on a table production has (a rewrite under ACCESS EXCLUSIVE).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TableRewriteCommandAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public TableRewriteCommandAnalyzer()
        : base(Descriptors.MC5002_TableRewriteCommand)
    {
    }
}
