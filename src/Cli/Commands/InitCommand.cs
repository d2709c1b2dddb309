using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using MigrationChain.Cli.Configuration;
using MigrationChain.Cli.Errors;

namespace MigrationChain.Cli.Commands;

/// <summary><c>mchain init</c>: writes an mchain.json with the repository's defaults; never overwrites one.</summary>
internal static class InitCommand
{
    private static readonly JsonSerializerOptions Writing = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliOptions options, HelpExamples examples)
    {
        var variable = new Option<string?>("--database-variable")
        {
            Description = "The environment variable that will hold the database URL (keeps passwords out of the file)",
            HelpName = "NAME",
        };
        var command = new Command("init", "Write an mchain.json here with the defaults of every command (where the migrations are, which database, ...)");
        command.Options.Add(options.Project);
        command.Options.Add(options.Assembly);
        command.Options.Add(variable);
        examples.Add(command,
            "mchain init --project src/Shop.Migrations --database-variable SHOP_DATABASE_URL",
            "mchain init --assembly bin/Release/net8.0/Shop.Migrations.dll");

        CommandAction.Set(command, options, (context, _) =>
        {
            var path = Path.GetFullPath(context.Parse.GetValue(options.Config) ?? ConfigFile.FileName, CommandContext.WorkingDirectory);
            if (File.Exists(path))
            {
                throw new CliException(ExitCodes.Usage, $"{path} already exists; init does not overwrite it.",
                    "Edit it, or delete it and run mchain init again.");
            }

            var folder = Path.GetDirectoryName(path)!;
            var settings = new Dictionary<string, object>();
            if (context.Parse.GetValue(options.Project) is { } project)
            {
                settings["project"] = Relative(project, folder);
            }
            else if (context.Parse.GetResult(options.Assembly) is { Tokens.Count: > 0 } assemblies)
            {
                var paths = assemblies.Tokens.Select(t => Relative(t.Value, folder)).ToArray();
                settings["assembly"] = paths.Length == 1 ? paths[0] : paths;
            }
            else if (Directory.GetFiles(CommandContext.WorkingDirectory, "*.csproj") is [var only])
            {
                settings["project"] = Relative(only, folder);
            }

            if (context.Parse.GetValue(variable) is { } name)
            {
                settings["databaseVariable"] = name.TrimStart('$');
            }

            settings["versionTable"] = "migration_history";
            settings["lockTimeout"] = 120;
            settings["keepBackups"] = CliOptions.DefaultKeptBackups;

            File.WriteAllText(path, JsonSerializer.Serialize(settings, Writing) + "\n");
            context.Console.Line($"Wrote {path}");
            if (!settings.ContainsKey("project") && !settings.ContainsKey("assembly"))
            {
                context.Console.Error("It names no migrations yet: add \"project\": \"path/to/Migrations.csproj\" (or \"assembly\").");
            }

            return System.Threading.Tasks.Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static string Relative(string path, string folder) =>
        Path.GetRelativePath(folder, Path.GetFullPath(path, CommandContext.WorkingDirectory)).Replace('\\', '/');
}
