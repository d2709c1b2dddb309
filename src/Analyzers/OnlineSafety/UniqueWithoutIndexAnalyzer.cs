using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5007: ADD UNIQUE / PRIMARY KEY not USING INDEX, or ADD EXCLUDE, on a table production has.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UniqueWithoutIndexAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public UniqueWithoutIndexAnalyzer()
        : base(Descriptors.MC5007_UniqueWithoutIndex)
    {
    }
}
