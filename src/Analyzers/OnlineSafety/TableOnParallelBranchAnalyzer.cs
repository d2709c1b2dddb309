using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5016: A table created only on an unreleased parallel branch: the online-safety rules stay quiet, and say so.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TableOnParallelBranchAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public TableOnParallelBranchAnalyzer()
        : base(Descriptors.MC5016_TableOnParallelBranch)
    {
    }
}
