using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Loading;

namespace MigrationChain.Cli.Scaffolding;

/// <summary>
/// Decides where a new migration goes: beside its parent (or the newest migration) in the same namespace and with the
/// same namespace style and line endings. The file is known from the PDB; without one, from a search of the project's
/// sources. With no migration yet, a <c>Migrations</c> folder in the project.
/// </summary>
internal static partial class MigrationPlacement
{
    public static Placement Find(MigrationAssembly migrations, IEnumerable<string> nearRevisions, string? folder, string? ns)
    {
        var neighbour = Neighbour(migrations, nearRevisions);
        var neighbourFile = neighbour?.SourceFile ?? (neighbour is null ? null : SearchProject(migrations, neighbour));
        var text = neighbourFile is null ? null : File.ReadAllText(neighbourFile);

        var chosenFolder = folder is not null
            ? Path.GetFullPath(folder, Environment.CurrentDirectory)
            : neighbourFile is not null
                ? Path.GetDirectoryName(neighbourFile)!
                : migrations.Project is { } project
                    ? Path.Combine(project.ProjectDirectory, "Migrations")
                    : throw new CliException(ExitCodes.Usage,
                        "Cannot tell where the migration sources are: the assembly has no PDB naming them and no project was given.",
                        "Pass --project path/to/Migrations.csproj, or --dir with the folder to write into.");

        var chosenNamespace = ns
            ?? neighbour?.Namespace
            ?? (migrations.Project?.RootNamespace ?? migrations.Main.GetName().Name) + ".Migrations";

        return new Placement(
            chosenFolder,
            string.IsNullOrWhiteSpace(chosenNamespace) ? null : chosenNamespace,
            text is null || FileScopedNamespace().IsMatch(text) || !BlockNamespace().IsMatch(text),
            text is not null && text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n",
            neighbourFile);
    }

    private static MigrationType? Neighbour(MigrationAssembly migrations, IEnumerable<string> nearRevisions)
    {
        var chain = migrations.Chain;
        var candidates = MergeSite.Order(migrations, nearRevisions.ToList())
            .Select(chain.Find)
            .Concat(chain.NewestFirst.Select(n => chain.Find(chain.Graph.Id(n))))
            .Where(m => m is not null)
            .Select(m => m!)
            .ToList();
        return candidates.FirstOrDefault(m => m.SourceFile is not null) ?? candidates.FirstOrDefault();
    }

    // Without a PDB the class is found by name among the project's sources.
    private static string? SearchProject(MigrationAssembly migrations, MigrationType migration)
    {
        if (migrations.Project is not { } project)
        {
            return null;
        }

        var declaration = new Regex($@"\bclass\s+{Regex.Escape(migration.Type.Name)}\b", RegexOptions.CultureInvariant);
        return Directory.EnumerateFiles(project.ProjectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(project.ProjectDirectory, f))
            .FirstOrDefault(f => declaration.IsMatch(File.ReadAllText(f)));
    }

    private static bool IsBuildOutput(string projectDirectory, string file)
    {
        var first = Path.GetRelativePath(projectDirectory, file).Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    [GeneratedRegex(@"^\s*namespace\s+[\w.]+\s*;", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FileScopedNamespace();

    [GeneratedRegex(@"^\s*namespace\s+[\w.]+\s*(\{|$)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex BlockNamespace();
}
