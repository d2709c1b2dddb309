using System.Collections.Generic;
using System.IO;
using System.Linq;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// <c>--databases</c>: SQLite files matching a glob, or a text file with one database URL (or connection string) per
/// line, where blank lines and lines starting with '#' are skipped. SQLite files and PostgreSQL URLs (tenants'
/// schemas as <c>?schema=name</c>) mix freely in one list.
/// </summary>
internal static class FleetSource
{
    /// <summary>Checks the whole specification (a glob that matches, a list whose every line parses), then yields its targets lazily.</summary>
    public static IEnumerable<DatabaseAddress> Open(string specification, Redactor redactor, string baseDirectory)
    {
        if (FileGlob.IsPattern(specification))
        {
            var files = FileGlob.Match(specification, baseDirectory);
            if (files.Count == 0)
            {
                throw new CliException(ExitCodes.Usage, $"No file matches '{specification}'.",
                    "Quote the glob so the tool expands it (\"projects/*/memory.db\"), and check the path from the current folder.");
            }

            return files.Select(f => DatabaseUrl.ForSqliteFile(f, baseDirectory));
        }

        var path = Path.GetFullPath(specification, baseDirectory);
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.Usage, $"'{specification}' is neither a file nor a glob.",
                "Pass a glob of SQLite files (\"projects/*/memory.db\") or a file listing one database URL per line.");
        }

        if (SqliteHeader.IsSqlite(path))
        {
            return new[] { DatabaseUrl.ForSqliteFile(path, baseDirectory) };
        }

        TargetLines.Check(path, $"'{specification}'", redactor, baseDirectory, "Write one database URL per line.");
        return TargetLines.Read(path, $"'{specification}'", redactor, baseDirectory);
    }
}
