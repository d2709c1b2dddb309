using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MigrationChain.Analyzers.Tests.OnlineSafety;

/// <summary>Sources and runs for the MC5xxx tests: a chain of migrations, optionally a lock file with a release boundary.</summary>
internal static class OnlineSafetyTest
{
    /// <summary>
    /// A chain: 0001 creates <c>orders</c> (released when <see cref="LockReleasing"/> is used), 0002 creates
    /// <c>fresh</c>, and 0003 (Parent 0002) runs <paramref name="upgrade"/> with <paramref name="attributes"/> added to its
    /// [Migration] and <paramref name="classAttributes"/> above it.
    /// </summary>
    public static string Migrations(string upgrade, string attributes = "", string classAttributes = "", string extra = "") => $$"""
        using MigrationChain;

        [Migration("0001")]
        public sealed class M1 : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE orders (id int, total numeric(10,2), name varchar(100), email text)");
        }

        [Migration("0002", Parent = "0001")]
        public sealed class M2 : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE fresh (id int)");
        }

        {{classAttributes}}
        [Migration("0003", Parent = "0002"{{attributes}})]
        public sealed class M3 : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                {{upgrade}}
            }
        }
        {{extra}}
        """;

    /// <summary>A lock file listing 0001-0003 whose boundary releases <paramref name="released"/>.</summary>
    public static string LockReleasing(string released = "0001") => $"""
        migrationchain-lock 2
        0001 - src:0
        0002 0001 src:0
        0003 0002 src:0
        released {released}
        heads 0003

        """;

    public static Task RunAsync<TAnalyzer>(string source, string? lockText, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        RunAsync<TAnalyzer>(source, lockText, editorConfig: null, expected);

    public static Task RunAsync<TAnalyzer>(string source, string? lockText, string? editorConfig, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new MigrationAnalyzerTest<TAnalyzer>();
        test.TestState.Sources.Add(source);
        if (lockText is not null)
        {
            test.TestState.AdditionalFiles.Add(("/src/App/migrations.lock", lockText));
        }

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }
}
