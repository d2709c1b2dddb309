using System.IO;
using MigrationChain.Build.Metadata;
using MigrationChain.Build.Tests.Compilation;
using MigrationChain.Manifest;
using MigrationChain.Testing.Support;
using static MigrationChain.Build.Tests.Metadata.MigrationReading;

namespace MigrationChain.Build.Tests.Metadata;

public class MigrationAssemblyTests
{
    private const string Usings = "using MigrationChain;\nusing MigrationChain.Manifest;\n";

    [Fact]
    public void DeclaredFacts_AreReadFromTheAttribute()
    {
        using var folder = new TempDirectory("mc-meta");
        var dll = TestCompiler.Compile(folder.Path, "Shop", Usings + """
            namespace Shop.Migrations;
            [Migration("0001_init")] public sealed class Init : Migration { public override void Upgrade(MigrationBuilder m) { } }
            [Migration("0002_users", Parent = "0001_init", Branch = "core", DependsOn = new[] { "p001", "p002" })]
            public sealed class Users : Migration { public override void Upgrade(MigrationBuilder m) { } }
            [Migration("0003_merge", Parents = new[] { "0002_users", "p002" })]
            public sealed class Merge : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """);

        var facts = Read(dll);

        Assert.Equal(new[] { "0001_init", "0002_users", "0003_merge" }, facts.Select(f => f.Revision));
        Assert.Equal((ParentDeclaration.None, 0), (facts[0].ParentDeclaration, facts[0].Parents.Count));
        Assert.Equal(new[] { "0001_init" }, facts[1].Parents);
        Assert.Equal(ParentDeclaration.Parent, facts[1].ParentDeclaration);
        Assert.Equal("core", facts[1].Branch);
        Assert.Equal(new[] { "p001", "p002" }, facts[1].DependsOn);
        Assert.Equal(new[] { "0002_users", "p002" }, facts[2].Parents);
        Assert.Equal(ParentDeclaration.Parents, facts[2].ParentDeclaration);
        Assert.Equal("Shop.Migrations.Users", facts[1].TypeName);
        Assert.All(facts, f => Assert.True(f.IsMigrationClass));
        Assert.All(facts, f => Assert.Null(f.Location));
    }

    [Fact]
    public void ParentAndParentsTogether_AreBoth_AndNullEntriesAreDropped()
    {
        using var folder = new TempDirectory("mc-meta");
        var dll = TestCompiler.Compile(folder.Path, "Shop", Usings + """
            [Migration("0003", Parent = "0001", Parents = new[] { "0002", null })]
            public sealed class Both : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """);

        var fact = Assert.Single(Read(dll));

        Assert.Equal(ParentDeclaration.Both, fact.ParentDeclaration);
        Assert.Equal(new[] { "0001", "0002" }, fact.Parents);
    }

    [Fact]
    public void NestedClass_IsNamedWithAPlus_AsReflectionNamesIt()
    {
        using var folder = new TempDirectory("mc-meta");
        var dll = TestCompiler.Compile(folder.Path, "Shop", Usings + """
            namespace Shop;
            public static class Outer { [Migration("0001")] public sealed class Inner : Migration { public override void Upgrade(MigrationBuilder m) { } } }
            """);

        Assert.Equal("Shop.Outer+Inner", Assert.Single(Read(dll)).TypeName);
    }

    [Theory]
    [InlineData("[M] public sealed class C { }", false)]
    [InlineData("[M] public abstract class C : Migration { }", false)]
    [InlineData("[M] public sealed class C<T> : Migration { public override void Upgrade(MigrationBuilder m) { } }", false)]
    [InlineData("[M] public sealed class C : Migration { public C(int x) { } public override void Upgrade(MigrationBuilder m) { } }", false)]
    [InlineData("[M] public sealed class C : Migration { private C() { } public override void Upgrade(MigrationBuilder m) { } }", false)]
    [InlineData("[M] public sealed class C : Migration { public override void Upgrade(MigrationBuilder m) { } }", true)]
    [InlineData("public abstract class Base : Migration { } [M] public sealed class C : Base { public override void Upgrade(MigrationBuilder m) { } }", true)]
    [InlineData("public abstract class Base<T> : Migration { } [M] public sealed class C : Base<int> { public override void Upgrade(MigrationBuilder m) { } }", true)]
    [InlineData("public class Base { } [M] public sealed class C : Base { }", false)]
    public void RunnableMigrationClass_IsDecidedAsTheRuntimeDecidesIt(string declaration, bool runnable)
    {
        using var folder = new TempDirectory("mc-meta");
        var dll = TestCompiler.Compile(folder.Path, "Shop", Usings + declaration.Replace("[M]", "[Migration(\"0001\")]", StringComparison.Ordinal));

        Assert.Equal(runnable, Assert.Single(Read(dll)).IsMigrationClass);
    }

    [Fact]
    public void BaseClassInAnotherAssembly_IsFollowed()
    {
        using var folder = new TempDirectory("mc-meta");
        var common = TestCompiler.Compile(folder.Path, "Common", Usings + "namespace Common; public abstract class SqlMigration : Migration { }");
        var notAMigration = TestCompiler.Compile(folder.Path, "Plain", "namespace Plain; public class Thing { }");
        var dll = TestCompiler.Compile(folder.Path, "Shop", Usings + """
            [Migration("0001")] public sealed class A : Common.SqlMigration { public override void Upgrade(MigrationBuilder m) { } }
            [Migration("0002", Parent = "0001")] public sealed class B : Plain.Thing { }
            """, new[] { common, notAMigration });

        var facts = Read(dll, common, notAMigration);

        Assert.True(facts.Single(f => f.Revision == "0001").IsMigrationClass);
        Assert.False(facts.Single(f => f.Revision == "0002").IsMigrationClass);
    }

    [Fact]
    public void MigrationSource_GivesTheLocationOfItsRevision()
    {
        using var folder = new TempDirectory("mc-meta");
        var dll = TestCompiler.Compile(folder.Path, "Shop", Usings + """
            [assembly: MigrationSource("0001", "abc123", "/src/Shop/M0001.cs", 7, 2)]
            [assembly: MigrationSource("0002", "def456", "/src/Shop/M0002.cs", 9, 4)]
            [Migration("0001")] public sealed class A : Migration { public override void Upgrade(MigrationBuilder m) { } }
            [Migration("0002", Parent = "0001")] public sealed class B : Migration { public override void Upgrade(MigrationBuilder m) { } }
            [Migration("0003", Parent = "0002")] public sealed class C : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """);

        var facts = Read(dll);

        Assert.Equal(new SourceLocation("/src/Shop/M0001.cs", 7, 2), facts[0].Location);
        Assert.Equal(new SourceLocation("/src/Shop/M0002.cs", 9, 4), facts[1].Location);
        Assert.Null(facts[2].Location);
    }

    /// <summary>
    /// What the generator writes now: one format-2 manifest. Its own rows give checksums and locations; a row of
    /// another assembly with the same revision id, and a row without a location or checksum, give nothing.
    /// </summary>
    [Fact]
    public void AFormat2Manifest_GivesTheChecksumsAndLocationsOfItsOwnRows()
    {
        var manifest = ChainManifestText.Write(new[]
        {
            ManifestRow("0001", "Lib", "abc999", new SourceLocation("/src/Lib/M0001.cs", 1, 1)),
            ManifestRow("0001", "Shop", "abc123", new SourceLocation("/src/Shop/M0001, first.cs", 7, 2)),
            ManifestRow("0002", "Shop", "def456", new SourceLocation("/src/Shop/M0002.cs", 9, 4)),
            ManifestRow("0003", "Shop", null, null),
        });
        using var folder = new TempDirectory("mc-meta");
        var dll = TestCompiler.Compile(folder.Path, "Shop", Usings + $$"""
            [assembly: MigrationChainManifest({{Literal(manifest)}})]
            [Migration("0001")] public sealed class A : Migration { public override void Upgrade(MigrationBuilder m) { } }
            [Migration("0002", Parent = "0001")] public sealed class B : Migration { public override void Upgrade(MigrationBuilder m) { } }
            [Migration("0003", Parent = "0002")] public sealed class C : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """);

        var sources = ReadSources(dll);

        Assert.Equal(new SourceLocation("/src/Shop/M0001, first.cs", 7, 2), sources["0001"]!.Location);
        Assert.Equal(("abc123", true), (sources["0001"]!.Checksum, sources["0001"]!.HasUsableChecksum));
        Assert.Equal(new SourceLocation("/src/Shop/M0002.cs", 9, 4), sources["0002"]!.Location);
        Assert.Equal("def456", sources["0002"]!.Checksum);
        Assert.Null(sources["0003"]!.Location);
        Assert.False(sources["0003"]!.HasUsableChecksum);
        Assert.Equal(new SourceLocation("/src/Shop/M0002.cs", 9, 4), Read(dll)[1].Location);
    }

    /// <summary>An assembly of an older generator: a format-1 manifest (no locations) and one MigrationSource per migration.</summary>
    [Fact]
    public void AnOlderGeneratorsMigrationSource_IsStillRead_BesideAFormat1Manifest()
    {
        using var folder = new TempDirectory("mc-meta");
        var dll = TestCompiler.Compile(folder.Path, "Shop", Usings + """
            [assembly: MigrationChainManifest("migrationchain-manifest 1\n0001\tShop\tA\tabc123")]
            [assembly: MigrationSource("0001", "abc123", "/src/Shop/M0001.cs", 7, 2)]
            [Migration("0001")] public sealed class A : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """);

        var sources = ReadSources(dll);

        Assert.Equal(("abc123", new SourceLocation("/src/Shop/M0001.cs", 7, 2)), (sources["0001"]!.Checksum, sources["0001"]!.Location));
    }

    private static ChainManifestRow ManifestRow(string revision, string assembly, string? checksum, SourceLocation? source) =>
        new(revision, assembly, "T" + revision, checksum, MigrationAttributeFacts.From(revision, null, null, null, null), source);

    private static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\t", "\\t").Replace("\n", "\\n") + "\"";

    private static Dictionary<string, MigrationSourceFacts?> ReadSources(string dll)
    {
        using var assembly = MigrationAssembly.TryOpen(dll)!;
        return assembly.ReadMigrations(new MigrationClassCheck(new[] { assembly })).ToDictionary(m => m.Info.Revision, m => m.Source);
    }

    [Fact]
    public void AssemblyThatDoesNotReferenceTheRuntime_IsNotOpened()
    {
        using var folder = new TempDirectory("mc-meta");
        var dll = TestCompiler.Compile(folder.Path, "Plain", "namespace Plain; public class Thing { }");

        Assert.Null(MigrationAssembly.TryOpen(dll));
    }

    [Fact]
    public void FileThatIsNotAnAssembly_IsNotOpened()
    {
        using var folder = new TempDirectory("mc-meta");
        File.WriteAllBytes(folder.File("native.dll"), new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3 });

        Assert.Null(MigrationAssembly.TryOpen(folder.File("native.dll")));
        Assert.Null(MigrationAssembly.TryOpen(folder.File("missing.dll")));
    }
}
