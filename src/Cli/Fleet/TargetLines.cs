using System.Collections.Generic;
using System.IO;
using System.Linq;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// A text file with one database URL (or connection string) per line, blank lines and lines starting with '#'
/// skipped: a list file, or what a --databases-from-command printed. Read twice: every line is checked before the
/// first target is handed out, so a bad line 9,000 stops the run before anything changed; then the lines are handed
/// out one by one, so the fleet is never held in memory.
/// </summary>
internal static class TargetLines
{
    public static void Check(string path, string shownAs, Redactor redactor, string baseDirectory, string whatToDo)
    {
        var any = false;
        foreach (var _ in Read(path, shownAs, redactor, baseDirectory))
        {
            any = true;
        }

        if (!any)
        {
            throw new CliException(ExitCodes.Usage, $"{shownAs} lists no database.", whatToDo);
        }
    }

    public static IEnumerable<DatabaseAddress> Read(string path, string shownAs, Redactor redactor, string baseDirectory)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            DatabaseAddress address;
            try
            {
                address = DatabaseUrl.Parse(text, redactor, baseDirectory);
            }
            catch (CliException e)
            {
                throw new CliException(e.ExitCode, $"{shownAs}, line {number}: {e.Message}", e.WhatToDo.ToArray());
            }

            yield return address;
        }
    }
}
