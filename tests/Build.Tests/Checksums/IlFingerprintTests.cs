using MigrationChain.Build.Checksums;
using MigrationChain.Build.Metadata;
using MigrationChain.Build.Tests.Compilation;
using MigrationChain.Testing.Support;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Build.Tests.Checksums;

public class IlFingerprintTests
{
    private const string Migration = """
        using MigrationChain;
        namespace Shop;
        [Migration("0002_users", Parent = "0001")]
        public sealed class Users : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                var table = "users";
                for (var i = 0; i < 3; i++)
                {
                    m.Sql("CREATE TABLE " + table + i + " (id INTEGER)");
                }

                Apply(m, x => x.Sql("CREATE INDEX ix ON users0 (id)"));
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS users");

            private static void Apply(MigrationBuilder m, System.Action<MigrationBuilder> step) => step(m);
        }
        """;

    private static string Checksum(string source, OptimizationLevel optimization = OptimizationLevel.Debug, string? before = null)
    {
        using var folder = new TempDirectory("mc-il");
        var sources = new Dictionary<string, string> { ["Users.cs"] = source };
        if (before is not null)
        {
            sources = new Dictionary<string, string> { ["A.cs"] = before, ["Users.cs"] = source };
        }

        var dll = TestCompiler.Compile(folder.Path, "Shop", sources, optimization: optimization);
        using var assembly = MigrationAssembly.TryOpen(dll)!;
        var migration = assembly.ReadMigrations(new MigrationClassCheck(new[] { assembly })).Single(m => m.Info.Revision == "0002_users");
        return IlFingerprint.Compute(assembly, migration.Type);
    }

    [Fact]
    public void Checksum_IsMarkedAsAnIlChecksum()
    {
        Assert.Matches("^il:[0-9a-f]{32}$", Checksum(Migration));
    }

    [Fact]
    public void WhitespaceAndComments_DoNotChangeIt()
    {
        var reformatted = Migration
            .Replace("var table = \"users\";", "// the table's base name\n        var   table =\n            \"users\";", StringComparison.Ordinal)
            .Replace("    public override void Downgrade", "    /* undo */\n\n    public override void Downgrade", StringComparison.Ordinal);

        Assert.Equal(Checksum(Migration), Checksum(reformatted));
    }

    [Fact]
    public void ReleaseAndDebugBuilds_GiveTheSameChecksum()
    {
        Assert.Equal(Checksum(Migration, OptimizationLevel.Debug), Checksum(Migration, OptimizationLevel.Release));
    }

    [Fact]
    public void CodeAddedElsewhereInTheAssembly_DoesNotChangeIt()
    {
        var other = """
            using MigrationChain;
            namespace Shop;
            [Migration("0001")]
            public sealed class First : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE first (x TEXT DEFAULT 'users')");
            }
            """;

        Assert.Equal(Checksum(Migration), Checksum(Migration, before: other));
    }

    [Theory]
    [InlineData("(id INTEGER)", "(id BIGINT)")]
    [InlineData("i < 3", "i < 4")]
    [InlineData("CREATE INDEX ix", "CREATE UNIQUE INDEX ix")]
    [InlineData("DROP TABLE IF EXISTS users", "DROP TABLE users")]
    [InlineData("m.Sql(\"CREATE TABLE \"", "m.Sql(\"CREATE TEMP TABLE \"")]
    public void WhatTheMigrationDoes_ChangesIt(string from, string to)
    {
        Assert.NotEqual(Checksum(Migration), Checksum(Migration.Replace(from, to, StringComparison.Ordinal)));
    }
}
