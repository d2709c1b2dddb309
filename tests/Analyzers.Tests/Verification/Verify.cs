using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MigrationChain.Analyzers.Tests.Verification;

/// <summary>Runs one analyzer over sources written with <c>{|#0:...|}</c> markup and checks the diagnostics.</summary>
public static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>An expected diagnostic whose message is checked (give its arguments with <c>WithArguments</c>).</summary>
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    /// <summary>An expected diagnostic checked for id, severity and location only.</summary>
    public static DiagnosticResult Reported(string id)
    {
        var descriptor = new TAnalyzer().SupportedDiagnostics.Single(d => d.Id == id);
        return new DiagnosticResult(id, descriptor.DefaultSeverity);
    }

    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        AnalyzerAsync(new[] { source }, editorConfig: null, expected);

    public static Task AnalyzerAsync(string[] sources, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new MigrationAnalyzerTest<TAnalyzer>();
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }
}

/// <summary>An analyzer test compiling against <see cref="TestReferences"/>.</summary>
public sealed class MigrationAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public MigrationAnalyzerTest()
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
    }
}

/// <summary>A code fix test compiling against <see cref="TestReferences"/>.</summary>
public sealed class MigrationCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public MigrationCodeFixTest()
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        FixedState.AdditionalReferences.AddRange(TestReferences.All);
    }

    /// <summary>Adds an .editorconfig to the test and fixed states.</summary>
    public MigrationCodeFixTest<TAnalyzer, TCodeFix> WithEditorConfig(string settings)
    {
        var file = ("/.editorconfig", "root = true\n\n[*]\n" + settings);
        TestState.AnalyzerConfigFiles.Add(file);
        FixedState.AnalyzerConfigFiles.Add(file);
        return this;
    }
}
