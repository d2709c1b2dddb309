using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5005: ADD FOREIGN KEY or ADD CHECK without NOT VALID on a table production has.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConstraintWithoutNotValidAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public ConstraintWithoutNotValidAnalyzer()
        : base(Descriptors.MC5005_ConstraintWithoutNotValid)
    {
    }
}
