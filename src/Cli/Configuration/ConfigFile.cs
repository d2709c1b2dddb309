using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using MigrationChain.Cli.Errors;

namespace MigrationChain.Cli.Configuration;

/// <summary>
/// <c>mchain.json</c>: the defaults of a repository's command lines (where the migrations are, which database, the
/// version table, the lock timeout, the fleet, how many backups to keep). Found by walking up from the current folder
/// to the repository root, as Alembic finds alembic.ini, or named with <c>--config</c>. Options given on the command
/// line override it. Relative paths in it are relative to the file's folder, so it works from any subfolder.
/// </summary>
internal sealed class ConfigFile
{
    public const string FileName = "mchain.json";

    private static readonly JsonDocumentOptions Reading = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly Dictionary<string, object> _values;

    private ConfigFile(string path, Dictionary<string, object> values, string? databaseVariable)
    {
        Path = path;
        _values = values;
        DatabaseVariable = databaseVariable;
    }

    /// <summary>The file, absolute.</summary>
    public string Path { get; }

    /// <summary>The folder relative paths and SQLite URLs in the file are relative to.</summary>
    public string Folder => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>The name of the environment variable that holds the database URL (<c>databaseVariable</c>), if set.</summary>
    public string? DatabaseVariable { get; }

    /// <summary>The file's value for an option (by its name, e.g. <c>--lock-timeout</c>), or null.</summary>
    public object? ValueOf(string optionName) => _values.TryGetValue(optionName, out var value) ? value : null;

    /// <summary>The file named by --config, or the nearest mchain.json from the folder up to the repository root; null when there is none.</summary>
    public static ConfigFile? Find(string? explicitPath, string workingDirectory)
    {
        if (explicitPath is not null)
        {
            var path = System.IO.Path.GetFullPath(explicitPath, workingDirectory);
            return File.Exists(path)
                ? Load(path)
                : throw new CliException(ExitCodes.Usage, $"The config file '{explicitPath}' does not exist.",
                    "Write one with: mchain init", "Or leave --config out to use the nearest mchain.json.");
        }

        for (var folder = new DirectoryInfo(workingDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.Combine(folder.FullName, FileName);
            if (File.Exists(candidate))
            {
                return Load(candidate);
            }

            // The repository's root is as far up as a project's settings go.
            if (Directory.Exists(System.IO.Path.Combine(folder.FullName, ".git")) || File.Exists(System.IO.Path.Combine(folder.FullName, ".git")))
            {
                return null;
            }
        }

        return null;
    }

    public static ConfigFile Load(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), Reading);
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"{path}: not valid JSON: {e.Message}", "Fix the file, or write a fresh one elsewhere with: mchain init");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"{path}: cannot be read: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CliException(ExitCodes.Usage, $"{path}: the file must hold one JSON object ({{ \"project\": \"...\", ... }}).");
            }

            var folder = System.IO.Path.GetDirectoryName(path)!;
            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            string? databaseVariable = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "$schema")
                {
                    continue;
                }

                var key = ConfigKeys.All.FirstOrDefault(k => k.Name == property.Name)
                    ?? throw new CliException(ExitCodes.Usage,
                        $"{path}: unknown key '{property.Name}'.{NearestName.Suggestion(property.Name, ConfigKeys.All.Select(k => k.Name))}",
                        "Keys: " + string.Join(", ", ConfigKeys.All.Select(k => k.Name)) + ".");
                var value = key.Read(property.Value, folder, path);
                if (key.Option is null)
                {
                    databaseVariable = (string)value;
                }
                else
                {
                    values[key.Option] = value;
                }
            }

            if (databaseVariable is not null && values.ContainsKey("--database"))
            {
                throw new CliException(ExitCodes.Usage, $"{path}: give either 'database' or 'databaseVariable', not both.",
                    "Keep passwords out of the file: name the environment variable that holds the URL with 'databaseVariable'.");
            }

            return new ConfigFile(path, values, databaseVariable);
        }
    }
}
