using MigrationChain.Analyzers.Facts;
using MigrationChain.Analyzers.Lock;
using MigrationChain.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using VerifyLock = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.Lock.ReleasedMigrationEditedAnalyzer>;

namespace MigrationChain.Analyzers.Tests.Lock;

/// <summary>MC4004 while typing: the lock file reaches the analyzer as an AdditionalFile, as MigrationChain.Build adds it.</summary>
public class ReleasedMigrationEditedAnalyzerTests
{
    private const string Released = """
        using MigrationChain;

        [Migration("0001_init")]
        public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id int)"); }

        [Migration("0002_users", Parent = "0001_init")]
        public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE users (id int)"); }

        [Migration("0003_orders", Parent = "0002_users")]
        public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE orders (id int)"); }
        """;

    /// <summary>The lock a build of <see cref="Released"/> writes (the generator's checksums), with 0002 released.</summary>
    private static string Lock(string released = "released 0002_users", string version = "migrationchain-lock 2", Func<string, string>? edit = null)
    {
        var checksums = TreeFacts.Of(CSharpSyntaxTree.ParseText(Released), CancellationToken.None).Migrations
            .ToDictionary(m => m.SyntacticRevisionInfo!.Revision, m => "src:" + m.Checksum);
        var text = $"""
            {version}
            0001_init - {checksums["0001_init"]}
            0002_users 0001_init {checksums["0002_users"]}
            0003_orders 0002_users {checksums["0003_orders"]}
            {released}
            heads 0003_orders

            """;
        return edit is null ? text : edit(text);
    }

    private static Task RunAsync(string source, string? lockText, string lockPath = "/src/App/migrations.lock", string? editorConfig = null, params DiagnosticResult[] expected)
    {
        var test = new MigrationAnalyzerTest<ReleasedMigrationEditedAnalyzer>();
        test.TestState.Sources.Add(source);
        if (lockText is not null)
        {
            test.TestState.AdditionalFiles.Add((lockPath, lockText));
        }

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task UneditedReleasedChain_HasNoDiagnostics()
    {
        await RunAsync(Released, Lock());
    }

    [Fact]
    public async Task ReleasedMigrationWhoseSqlChanged_IsReportedOnItsAttribute_UnreleasedOnesAreFree()
    {
        var edited = Released
            .Replace("CREATE TABLE users (id int)", "CREATE TABLE users (id bigint)", StringComparison.Ordinal)
            .Replace("CREATE TABLE orders (id int)", "CREATE TABLE orders (id bigint)", StringComparison.Ordinal)
            .Replace("[Migration(\"0002_users\", Parent = \"0001_init\")]", "[{|#0:Migration(\"0002_users\", Parent = \"0001_init\")|}]", StringComparison.Ordinal);

        await RunAsync(edited, Lock(), expected: VerifyLock.Reported(RuleIds.ReleasedMigrationEdited).WithLocation(0));
    }

    [Fact]
    public async Task Message_SaysToWriteANewMigration_AndHowToAcceptTheEdit()
    {
        var edited = Released
            .Replace("CREATE TABLE users (id int)", "CREATE TABLE users (id bigint)", StringComparison.Ordinal)
            .Replace("[Migration(\"0002_users\", Parent = \"0001_init\")]", "[{|#0:Migration(\"0002_users\", Parent = \"0001_init\")|}]", StringComparison.Ordinal);
        var checksum = Lock().Split('\n').Single(l => l.StartsWith("0002_users", StringComparison.Ordinal)).Split(' ')[2];

        await RunAsync(edited, Lock(), expected: VerifyLock.Diagnostic(RuleIds.ReleasedMigrationEdited).WithLocation(0).WithArguments(
            $"'0002_users' (M2) was released (migrations.lock marks it as shipped) and has been edited since (its checksum changed from {checksum[..16]}... to " +
            $"src:{TreeFacts.Of(CSharpSyntaxTree.ParseText(edited.Replace("{|#0:", "", StringComparison.Ordinal).Replace(")|}]", ")]", StringComparison.Ordinal)), CancellationToken.None).Migrations[1].Checksum[..12]}...). " +
            "Databases that applied it will never run it again, so the edit would reach only new databases: revert it and write the change as a new migration. " +
            "If the edit is deliberate (say, it changes nothing on databases that already ran it), accept it with 'mchain release --accept-edit 0002_users' and build locally."));
    }

    [Fact]
    public async Task CommentsAndLayout_AreNotEdits()
    {
        var relaid = Released.Replace("public sealed class M2 : Migration {", "// the users table\npublic sealed class M2 : Migration\n{", StringComparison.Ordinal)
            .Replace("CREATE TABLE users (id int)", "CREATE   TABLE users ( id int ) -- key", StringComparison.Ordinal);

        await RunAsync(relaid, Lock());
    }

    [Fact]
    public async Task ReparentedReleasedMigration_IsReported()
    {
        var reparented = Released.Replace("[Migration(\"0001_init\")]", "[{|#0:Migration(\"0001_init\", Parent = \"0003_orders\")|}]", StringComparison.Ordinal);

        var test = new MigrationAnalyzerTest<ReleasedMigrationEditedAnalyzer>();
        test.TestState.Sources.Add(reparented);
        test.TestState.AdditionalFiles.Add(("/src/App/migrations.lock", Lock()));
        test.ExpectedDiagnostics.Add(VerifyLock.Reported(RuleIds.ReleasedMigrationEdited).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task LockWithoutABoundary_OrNoLockAtAll_ReportsNothing()
    {
        var edited = Released.Replace("CREATE TABLE users (id int)", "CREATE TABLE users (id bigint)", StringComparison.Ordinal);

        await RunAsync(edited, Lock(released: string.Empty, version: "migrationchain-lock 1"));
        await RunAsync(edited, lockText: null);
    }

    [Fact]
    public async Task AcceptedEdit_IsNotReported()
    {
        var edited = Released.Replace("CREATE TABLE users (id int)", "CREATE TABLE users (id bigint)", StringComparison.Ordinal);
        var accepted = Lock(edit: t => string.Join('\n', t.Split('\n').Select(l => l.StartsWith("0002_users ", StringComparison.Ordinal) ? "0002_users 0001_init accept-edit" : l)));

        await RunAsync(edited, accepted);
    }

    [Fact]
    public async Task LockUnderAnotherName_IsFoundByTheMetadataTheBuildSets()
    {
        var edited = Released
            .Replace("CREATE TABLE users (id int)", "CREATE TABLE users (id bigint)", StringComparison.Ordinal)
            .Replace("[Migration(\"0002_users\", Parent = \"0001_init\")]", "[{|#0:Migration(\"0002_users\", Parent = \"0001_init\")|}]", StringComparison.Ordinal);

        await RunAsync(edited, Lock(), "/src/App/chain.lock", editorConfig: null);
        await RunAsync(edited, Lock(), "/src/App/chain.lock", "[/src/App/chain.lock]\nbuild_metadata.AdditionalFiles.MigrationChainLock = true\n",
            VerifyLock.Reported(RuleIds.ReleasedMigrationEdited).WithLocation(0));
    }
}
