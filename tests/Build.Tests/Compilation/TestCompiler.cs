using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace MigrationChain.Build.Tests.Compilation;

/// <summary>
/// Compiles C# sources into an assembly and a portable PDB on disk, referencing the real MigrationChain.Runtime, so the
/// task's reader sees exactly what a build would give it. Sources are written to disk too: the location fallback
/// reads them.
/// </summary>
internal static class TestCompiler
{
    private static readonly Lazy<MetadataReference[]> Framework = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    /// <summary>MigrationChain.Runtime, copied beside the tests by the project file.</summary>
    public static string RuntimePath { get; } = Path.Combine(AppContext.BaseDirectory, "MigrationChain.Runtime.dll");

    private static string RulesPath { get; } = Path.Combine(AppContext.BaseDirectory, "MigrationChain.Rules.dll");

    /// <summary>Compiles <paramref name="sources"/> (file name to text) into <c>folder/name.dll</c> and <c>folder/name.pdb</c>.</summary>
    public static string Compile(
        string folder,
        string name,
        IReadOnlyDictionary<string, string> sources,
        IEnumerable<string>? references = null,
        OptimizationLevel optimization = OptimizationLevel.Debug)
    {
        var sourceFolder = Path.Combine(folder, name + ".src");
        Directory.CreateDirectory(sourceFolder);
        var trees = new List<SyntaxTree>();
        foreach (var (file, text) in sources)
        {
            var path = Path.Combine(sourceFolder, file);
            File.WriteAllText(path, text);
            trees.Add(CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path, System.Text.Encoding.UTF8));
        }

        var compilation = CSharpCompilation.Create(
            name,
            trees,
            Framework.Value
                .Append(MetadataReference.CreateFromFile(RuntimePath))
                .Append(MetadataReference.CreateFromFile(RulesPath))
                .Concat((references ?? Array.Empty<string>()).Select(r => MetadataReference.CreateFromFile(r))),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: optimization, deterministic: true));

        var dll = Path.Combine(folder, name + ".dll");
        var pdb = Path.Combine(folder, name + ".pdb");
        using (var peStream = File.Create(dll))
        using (var pdbStream = File.Create(pdb))
        {
            var result = compilation.Emit(peStream, pdbStream, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb, pdbFilePath: pdb));
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("The test sources do not compile:\n" + string.Join("\n", errors));
            }
        }

        return dll;
    }

    public static string Compile(string folder, string name, string source, IEnumerable<string>? references = null, OptimizationLevel optimization = OptimizationLevel.Debug) =>
        Compile(folder, name, new Dictionary<string, string> { ["Migrations.cs"] = source }, references, optimization);
}
