using System.Text;

namespace MigrationChain.Cli.Benchmarks;

/// <summary>
/// A console application with a chain of N migrations, compiled as a user's is: the analyzers and source generator
/// (so it carries the chain manifest, format 2: the chain facts and source locations of every migration), the runtime referenced from this repository's build.
/// </summary>
internal static class GeneratedApp
{
    public static string Write(string folder, string repositoryRoot, string configuration, int migrations)
    {
        Directory.CreateDirectory(Path.Combine(folder, "App", "Migrations"));
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
        string Built(string project, string framework, string file) =>
            Path.Combine(repositoryRoot, "src", project, "bin", configuration, framework, file);

        var project = Path.Combine(folder, "App", "App.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="MigrationChain.Runtime" HintPath="{Built("Runtime", "net8.0", "MigrationChain.Runtime.dll")}" />
                <Reference Include="MigrationChain.Rules" HintPath="{Built("Rules", "net8.0", "MigrationChain.Rules.dll")}" />
                <Analyzer Include="{Built("Analyzers", "netstandard2.0", "MigrationChain.Analyzers.dll")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "App", "Program.cs"), "namespace App;\n\ninternal static class Program\n{\n    private static void Main()\n    {\n    }\n}\n");
        for (var i = 1; i <= migrations; i++)
        {
            var parent = i == 1 ? string.Empty : $", Parent = \"{Revision(i - 1)}\"";
            var text = new StringBuilder()
                .Append("using MigrationChain;\n\nnamespace App.Migrations;\n\n")
                .Append($"[Migration(\"{Revision(i)}\"{parent})]\n")
                .Append($"public sealed class M{i:D4} : Migration\n{{\n")
                .Append($"    public override void Upgrade(MigrationBuilder m) => m.Sql(\"CREATE TABLE t{i:D4} (id INTEGER PRIMARY KEY)\");\n\n")
                .Append($"    public override void Downgrade(MigrationBuilder m) => m.Sql(\"DROP TABLE IF EXISTS t{i:D4}\");\n}}\n")
                .ToString();
            File.WriteAllText(Path.Combine(folder, "App", "Migrations", $"M{i:D4}.cs"), text);
        }

        return project;
    }

    private static string Revision(int i) => $"{i:D4}_table_{i:D4}";
}
