using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using MigrationChain.Manifest;

namespace MigrationChain.Build.Benchmarks;

/// <summary>
/// One linear chain of migrations split over several assemblies, each referencing the previous one, compiled once
/// with Roslyn (Release, portable PDBs) into a folder. With <c>withSourceAttributes</c> each assembly also carries the
/// chain manifest the source generator would write (format 2: the chain so far, own rows with checksum and location).
/// </summary>
internal sealed class AssemblySet
{
    private AssemblySet(IReadOnlyList<string> paths, bool withManifest)
    {
        Paths = paths;
        WithManifest = withManifest;
    }

    /// <summary>True when the assemblies carry the generator's manifest (the task then takes its checksums).</summary>
    public bool WithManifest { get; }

    /// <summary>The assemblies, the one referencing all others last (the "application").</summary>
    public IReadOnlyList<string> Paths { get; }

    public static AssemblySet Compile(string folder, int migrations, int assemblies, bool withSourceAttributes)
    {
        Directory.CreateDirectory(folder);
        var runtime = Path.Combine(AppContext.BaseDirectory, "MigrationChain.Runtime.dll");
        var rules = Path.Combine(AppContext.BaseDirectory, "MigrationChain.Rules.dll");
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(runtime))
            .Append(MetadataReference.CreateFromFile(rules))
            .ToList();

        var paths = new List<string>();
        var perAssembly = migrations / assemblies;
        for (var a = 0; a < assemblies; a++)
        {
            var name = $"Chain{a}";
            var source = Source(name, Path.Combine(folder, name + ".cs"), a * perAssembly, perAssembly, withSourceAttributes);
            File.WriteAllText(Path.Combine(folder, name + ".cs"), source);
            var compilation = CSharpCompilation.Create(
                name,
                new[] { CSharpSyntaxTree.ParseText(source, path: Path.Combine(folder, name + ".cs"), encoding: Encoding.UTF8) },
                framework.Concat(paths.Select(p => MetadataReference.CreateFromFile(p))),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, deterministic: true));
            var dll = Path.Combine(folder, name + ".dll");
            var pdb = Path.Combine(folder, name + ".pdb");
            using (var pe = File.Create(dll))
            using (var debug = File.Create(pdb))
            {
                var result = compilation.Emit(pe, debug, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb, pdbFilePath: pdb));
                if (!result.Success)
                {
                    throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
                }
            }

            paths.Add(dll);
        }

        return new AssemblySet(paths, withSourceAttributes);
    }

    private static string Source(string name, string file, int first, int count, bool withSourceAttributes)
    {
        var text = new StringBuilder("using MigrationChain;\n");
        if (withSourceAttributes)
        {
            // Same shape as the generator's: one attribute, every revision this assembly sees, in chain order.
            var rows = new List<ChainManifestRow>();
            for (var i = 0; i < first + count; i++)
            {
                var facts = MigrationAttributeFacts.From($"r{i:D5}", i == 0 ? null : $"r{i - 1:D5}", null, null, null);
                var own = i >= first;
                rows.Add(new ChainManifestRow(
                    facts.Revision, own ? name : $"Chain{i / count}", $"Chain{i / count}.M{i:D5}", $"{i * 2654435761L:x16}", facts,
                    own ? new SourceLocation(file, LineOf(i, first), 2) : null));
            }

            text.Append("[assembly: MigrationChain.Manifest.MigrationChainManifest(")
                .Append(SymbolDisplay.FormatLiteral(ChainManifestText.Write(rows), quote: true))
                .Append(")]\n");
        }

        text.Append($"namespace {name};\n");
        for (var i = first; i < first + count; i++)
        {
            var parent = i == 0 ? string.Empty : $", Parent = \"r{i - 1:D5}\"";
            text.Append($"[Migration(\"r{i:D5}\"{parent})]\n")
                .Append($"public sealed class M{i:D5} : Migration\n{{\n")
                .Append($"    public override void Upgrade(MigrationBuilder m) => m.Sql(\"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL)\");\n")
                .Append($"    public override void Downgrade(MigrationBuilder m) => m.Sql(\"DROP TABLE IF EXISTS t{i}\");\n}}\n");
        }

        return text.ToString();
    }

    // Line 1 is the using, line 2 the manifest, then the namespace, and six lines per migration.
    private static int LineOf(int i, int first) => 4 + ((i - first) * 6);
}
