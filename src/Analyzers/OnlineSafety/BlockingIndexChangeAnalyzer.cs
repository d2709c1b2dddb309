using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5001: CREATE INDEX, DROP INDEX, REINDEX or DETACH PARTITION without CONCURRENTLY on a table production has.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingIndexChangeAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public BlockingIndexChangeAnalyzer()
        : base(Descriptors.MC5001_BlockingIndexChange)
    {
    }
}
