using System.IO;
using MigrationChain.Build.Locations;
using MigrationChain.Build.Metadata;
using MigrationChain.Build.Tests.Compilation;
using MigrationChain.Testing.Support;

namespace MigrationChain.Build.Tests.Locations;

public class MigrationLocatorTests
{
    private const string TwoMigrations = """
        using MigrationChain;

        namespace Shop;

        /// <summary>The first.</summary>
        [Migration("0001")]
        public sealed class First : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id INTEGER)");
        }

        public static class Holder
        {
            [System.Obsolete("kept for the test")]
                [MigrationChain.Migration("0002", Parent = "0001")]
            public sealed class Second : Migration
            {
                private const string Table = "b";

                public override void Upgrade(MigrationBuilder m)
                {
                    m.Sql($"CREATE TABLE {Table} (id INTEGER)");
                }
            }
        }
        """;

    private static SourceLocation? Locate(string dll, string revision, SourcePathMap? paths = null)
    {
        using var assembly = MigrationAssembly.TryOpen(dll)!;
        var migration = assembly.ReadMigrations(new MigrationClassCheck(new[] { assembly })).Single(m => m.Info.Revision == revision);
        using var locator = new MigrationLocator(paths ?? SourcePathMap.None);
        return locator.Locate(migration);
    }

    [Theory]
    [InlineData("0001", 6, 2)]
    [InlineData("0002", 15, 10)]
    public void WithoutTheGenerator_ThePdbAndTheSourcePointAtTheAttribute(string revision, int line, int column)
    {
        using var folder = new TempDirectory("mc-loc");
        var dll = TestCompiler.Compile(folder.Path, "Shop", TwoMigrations);

        var location = Locate(dll, revision);

        Assert.Equal(new SourceLocation(Path.Combine(folder.Path, "Shop.src", "Migrations.cs"), line, column), location);
    }

    [Fact]
    public void WithoutTheSourceFile_TheFirstLineOfCodeIsUsed()
    {
        using var folder = new TempDirectory("mc-loc");
        var dll = TestCompiler.Compile(folder.Path, "Shop", TwoMigrations);
        File.Delete(Path.Combine(folder.Path, "Shop.src", "Migrations.cs"));

        var location = Locate(dll, "0001");

        Assert.Equal(9, location?.Line);
    }

    [Fact]
    public void WithoutAPdb_ThereIsNoLocation()
    {
        using var folder = new TempDirectory("mc-loc");
        var dll = TestCompiler.Compile(folder.Path, "Shop", TwoMigrations);
        File.Delete(Path.ChangeExtension(dll, ".pdb"));

        Assert.Null(Locate(dll, "0001"));
    }

    [Fact]
    public void TheGeneratorsLocation_WinsAndIsMappedBackToALocalPath()
    {
        using var folder = new TempDirectory("mc-loc");
        var dll = TestCompiler.Compile(folder.Path, "Shop", new Dictionary<string, string>
        {
            ["Migrations.cs"] = TwoMigrations,
            ["Generated.cs"] = "[assembly: MigrationChain.Manifest.MigrationSource(\"0001\", \"c\", \"/_/Migrations/M0001.cs\", 3, 5)]",
        });

        var location = Locate(dll, "0001", new SourcePathMap(new[] { new KeyValuePair<string, string>("/home/me/shop/", "/_/") }));

        Assert.Equal(new SourceLocation(Path.Combine("/home/me/shop/", "Migrations", "M0001.cs"), 3, 5), location);
    }

    [Fact]
    public void TheManifestsLocation_WinsAndIsMappedBackToALocalPath()
    {
        var manifest = MigrationChain.Manifest.ChainManifestText.Write(new[]
        {
            new MigrationChain.Manifest.ChainManifestRow("0001", "Shop", "Shop.First", "c", MigrationAttributeFacts.From("0001", null, null, null, null), new SourceLocation("/_/Migrations/M0001.cs", 3, 5)),
        });
        using var folder = new TempDirectory("mc-loc");
        var dll = TestCompiler.Compile(folder.Path, "Shop", new Dictionary<string, string>
        {
            ["Migrations.cs"] = TwoMigrations,
            ["Generated.cs"] = "[assembly: MigrationChain.Manifest.MigrationChainManifest(@\"" + manifest.Replace("\"", "\"\"", StringComparison.Ordinal) + "\")]",
        });

        var location = Locate(dll, "0001", new SourcePathMap(new[] { new KeyValuePair<string, string>("/home/me/shop/", "/_/") }));

        Assert.Equal(new SourceLocation(Path.Combine("/home/me/shop/", "Migrations", "M0001.cs"), 3, 5), location);
    }
}
