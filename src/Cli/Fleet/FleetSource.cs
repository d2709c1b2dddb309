using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// The databases of a fleet: SQLite files matching a glob, or a text file with one database URL (or connection
/// string) per line, where blank lines and lines starting with '#' are skipped.
/// </summary>
internal static class FleetSource
{
    public static IReadOnlyList<DatabaseAddress> Expand(string specification, Redactor redactor, string baseDirectory)
    {
        List<DatabaseAddress> databases;
        if (FileGlob.IsPattern(specification))
        {
            databases = FileGlob.Match(specification, baseDirectory).Select(f => DatabaseUrl.ForSqliteFile(f, baseDirectory)).ToList();
            if (databases.Count == 0)
            {
                throw new CliException(ExitCodes.Usage, $"No file matches '{specification}'.",
                    "Quote the glob so the tool expands it (\"projects/*/memory.db\"), and check the path from the current folder.");
            }
        }
        else
        {
            var path = Path.GetFullPath(specification, baseDirectory);
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.Usage, $"'{specification}' is neither a file nor a glob.",
                    "Pass a glob of SQLite files (\"projects/*/memory.db\") or a file listing one database URL per line.");
            }

            databases = SqliteHeader.IsSqlite(path)
                ? new List<DatabaseAddress> { DatabaseUrl.ForSqliteFile(path, baseDirectory) }
                : ReadList(path, specification, redactor, baseDirectory);
        }

        return databases.DistinctBy(d => d.ConnectionString, StringComparer.Ordinal).ToList();
    }

    private static List<DatabaseAddress> ReadList(string path, string shownAs, Redactor redactor, string baseDirectory)
    {
        var databases = new List<DatabaseAddress>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            try
            {
                databases.Add(DatabaseUrl.Parse(text, redactor, baseDirectory));
            }
            catch (CliException e)
            {
                throw new CliException(e.ExitCode, $"{shownAs}, line {number}: {e.Message}", e.WhatToDo.ToArray());
            }
        }

        return databases.Count > 0
            ? databases
            : throw new CliException(ExitCodes.Usage, $"'{shownAs}' lists no database.", "Write one database URL per line.");
    }
}
