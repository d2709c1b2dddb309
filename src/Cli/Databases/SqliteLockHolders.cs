using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace MigrationChain.Cli.Databases;

/// <summary>
/// Who holds a SQLite file's lock. SQLite cannot say, and the runtime's lock timeout then names no holder; on Linux
/// the kernel can: the processes listed in <c>/proc/locks</c> that have the database (or its journal) open.
/// Best effort: elsewhere, or without permission to look at the other process, the answer is null.
/// </summary>
internal static class SqliteLockHolders
{
    // Arguments are separated by NUL; a script passed inline may hold newlines, which would break the message's lines.
    private static readonly char[] Separators = { '\0', '\n', '\r', '\t', ' ' };

    public static string? Describe(string databasePath)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/locks"))
        {
            return null;
        }

        try
        {
            var lockers = File.ReadLines("/proc/locks")
                .Select(ProcessOf)
                .Where(pid => pid is not null && pid != Environment.ProcessId)
                .Select(pid => pid!.Value)
                .Distinct();
            var files = new[] { databasePath, databasePath + "-journal", databasePath + "-wal", databasePath + "-shm" };
            var holders = lockers.Where(pid => HasOpen(pid, files)).Select(Name).ToList();
            return holders.Count == 0 ? null : string.Join("; ", holders);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // "1: POSIX  ADVISORY  WRITE 12345 08:01:1234 0 EOF"; blocked waiters are listed as "1: -> POSIX ...".
    private static int? ProcessOf(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[1] == "->")
        {
            return null;
        }

        return int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static bool HasOpen(int pid, IReadOnlyCollection<string> files)
    {
        try
        {
            foreach (var link in Directory.EnumerateFiles($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(link).LinkTarget;
                if (target is not null && files.Contains(target, StringComparer.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return false;
    }

    private static string Name(int pid)
    {
        try
        {
            var arguments = string.Join(' ', File.ReadAllText($"/proc/{pid}/cmdline").Split(Separators, StringSplitOptions.RemoveEmptyEntries));
            if (arguments.Length > 160)
            {
                arguments = arguments[..157] + "...";
            }

            return arguments.Length == 0 ? $"process {pid}" : $"process {pid} ({arguments})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"process {pid}";
        }
    }
}
