using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using MigrationChain.Cli.Errors;

namespace MigrationChain.Cli.Configuration;

/// <summary>How a key of mchain.json is written, and which command-line option it is the default of.</summary>
internal enum ConfigValueKind
{
    /// <summary>Text, taken as written.</summary>
    Text,

    /// <summary>A path, relative to the file's folder.</summary>
    Path,

    /// <summary>One path or a list of them.</summary>
    Paths,

    /// <summary>A number (seconds, a count).</summary>
    Number,

    /// <summary>A whole number, zero or more.</summary>
    Count,

    /// <summary>An environment variable's name.</summary>
    VariableName,

    /// <summary>true or false, for a switch.</summary>
    Switch,

    /// <summary>A whole number (how many), or names as a comma-separated string or a list: <c>canary</c>.</summary>
    CountOrNames,
}

/// <summary>One key of mchain.json: its name, the option it stands for (null for <c>databaseVariable</c>), its kind.</summary>
internal sealed record ConfigKey(string Name, string? Option, ConfigValueKind Kind)
{
    public object Read(JsonElement element, string folder, string file)
    {
        string Wrong(string expected) => throw new CliException(ExitCodes.Usage,
            $"{file}: '{Name}' must be {expected}, not {element.ValueKind.ToString().ToLowerInvariant()} {element.GetRawText()}.");

        switch (Kind)
        {
            case ConfigValueKind.Number:
                return element.ValueKind == JsonValueKind.Number && element.GetDouble() >= 0 ? element.GetDouble() : Wrong("a number, zero or more");
            case ConfigValueKind.Switch:
                return element.ValueKind is JsonValueKind.True or JsonValueKind.False ? element.GetBoolean() : Wrong("true or false");
            case ConfigValueKind.Count:
                return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var count) && count >= 0 ? count : Wrong("a whole number, zero or more");
            case ConfigValueKind.CountOrNames when element.ValueKind == JsonValueKind.Number:
                return element.TryGetInt32(out var many) && many >= 1 ? many.ToString(CultureInfo.InvariantCulture) : Wrong("a whole number, one or more, or a list of names");
            case ConfigValueKind.CountOrNames when element.ValueKind == JsonValueKind.Array:
                var names = element.EnumerateArray()
                    .Select(item => item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } text ? text : Wrong("a whole number or a list of names"))
                    .ToArray();
                return names.Length > 0 ? string.Join(',', names) : Wrong("a whole number or a non-empty list of names");
            case ConfigValueKind.Paths when element.ValueKind == JsonValueKind.Array:
                var paths = element.EnumerateArray()
                    .Select(item => item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } text ? Path.GetFullPath(text, folder) : Wrong("a path or a list of paths"))
                    .ToArray();
                return paths.Length > 0 ? paths : Wrong("a path or a non-empty list of paths");
        }

        if (element.ValueKind != JsonValueKind.String || element.GetString() is not { Length: > 0 } value)
        {
            return Wrong("a non-empty string");
        }

        return Kind switch
        {
            ConfigValueKind.Path or ConfigValueKind.Paths => Path.GetFullPath(value, folder),
            ConfigValueKind.VariableName when value.StartsWith('$') => throw new CliException(ExitCodes.Usage,
                $"{file}: 'databaseVariable' is the variable's name, without '$': \"{value.TrimStart('$')}\"."),
            _ => value,
        };
    }
}

/// <summary>Every key mchain.json takes.</summary>
internal static class ConfigKeys
{
    public static IReadOnlyList<ConfigKey> All { get; } = new[]
    {
        new ConfigKey("project", "--project", ConfigValueKind.Path),
        new ConfigKey("assembly", "--assembly", ConfigValueKind.Paths),
        new ConfigKey("startupProject", "--startup-project", ConfigValueKind.Path),
        new ConfigKey("configuration", "--configuration", ConfigValueKind.Text),
        new ConfigKey("framework", "--framework", ConfigValueKind.Text),
        new ConfigKey("database", "--database", ConfigValueKind.Text),
        new ConfigKey("databaseVariable", null, ConfigValueKind.VariableName),
        new ConfigKey("databases", "--databases", ConfigValueKind.Text),
        new ConfigKey("databasesFrom", "--databases-from", ConfigValueKind.Text),
        new ConfigKey("query", "--query", ConfigValueKind.Text),
        new ConfigKey("databasesFromCommand", "--databases-from-command", ConfigValueKind.Text),
        new ConfigKey("schemas", "--schemas", ConfigValueKind.Text),
        new ConfigKey("parallel", "--parallel", ConfigValueKind.Count),
        new ConfigKey("canary", "--canary", ConfigValueKind.CountOrNames),
        new ConfigKey("maxFailures", "--max-failures", ConfigValueKind.Count),
        new ConfigKey("shard", "--shard", ConfigValueKind.Text),
        new ConfigKey("versionTable", "--version-table", ConfigValueKind.Text),
        new ConfigKey("versionTableSchema", "--version-table-schema", ConfigValueKind.Text),
        new ConfigKey("lockTimeout", "--lock-timeout", ConfigValueKind.Number),
        new ConfigKey("keepBackups", "--keep-backups", ConfigValueKind.Count),
        new ConfigKey("singleTransaction", "--single-transaction", ConfigValueKind.Switch),
        new ConfigKey("statementLockTimeout", "--statement-lock-timeout", ConfigValueKind.Number),
        new ConfigKey("lockRetries", "--lock-retries", ConfigValueKind.Count),
        new ConfigKey("lockRetryDelay", "--lock-retry-delay", ConfigValueKind.Number),
        new ConfigKey("lockPolicy", "--lock-policy", ConfigValueKind.Text),
        new ConfigKey("lockSizeThreshold", "--lock-size-threshold", ConfigValueKind.Number),
    };

    /// <summary>
    /// The options that, given on the command line, take the place of the file's value for an option: the file's
    /// project must not clash with an --assembly typed for this one run, nor its fleet with a --database.
    /// </summary>
    public static IReadOnlyList<string> ReplacedBy(string optionName) => optionName switch
    {
        "--project" => new[] { "--assembly" },
        "--assembly" => new[] { "--project", "--startup-project" },
        "--startup-project" => new[] { "--assembly" },
        "--database" => FleetSources,
        "--databases" or "--databases-from" or "--query" or "--databases-from-command" =>
            SingleOrFleet.Where(o => o != optionName && !(optionName == "--query" && o == "--databases-from")).ToArray(),

        // A database typed for one run is that database alone, unless --schemas is typed with it.
        "--schemas" => SingleOrFleet,
        _ => Array.Empty<string>(),
    };

    private static readonly string[] FleetSources = { "--databases", "--databases-from", "--databases-from-command" };

    private static readonly string[] SingleOrFleet = { "--database", "--databases", "--databases-from", "--databases-from-command" };

    /// <summary>Converts a value read from the file to the type of the option it is the default of.</summary>
    public static T Convert<T>(object value)
    {
        if (value is T typed)
        {
            return typed;
        }

        object converted = (value, typeof(T)) switch
        {
            (string text, var t) when t == typeof(string[]) => new[] { text },
            (string[] { Length: 1 } list, var t) when t == typeof(string) => list[0],
            (double number, var t) when t == typeof(int) => (int)number,
            (int number, var t) when t == typeof(double) => (double)number,
            (string[] list, var t) when t.IsAssignableFrom(typeof(List<string>)) => list.ToList(),
            _ => System.Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture),
        };
        return (T)converted;
    }
}
