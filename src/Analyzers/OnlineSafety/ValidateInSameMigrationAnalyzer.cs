using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>MC5006: VALIDATE CONSTRAINT in the migration that adds the constraint NOT VALID.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ValidateInSameMigrationAnalyzer : OnlineSafetyAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public ValidateInSameMigrationAnalyzer()
        : base(Descriptors.MC5006_ValidateInSameMigration)
    {
    }
}
