using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace MigrationChain.Cli.Backups;

/// <summary>
/// Keeps the newest N backups of a SQLite database (the runner writes them beside it as
/// <c>app.db.20260125T143012110Z.bak</c>) and deletes older ones, never the one just taken.
/// </summary>
internal static class BackupRetention
{
    private static readonly Regex Stamp = new(@"^\.\d{8}T\d{9}Z\.bak$", RegexOptions.CultureInvariant);

    /// <summary>A new backup's path, named as the runner names the ones it takes before a run (SqliteSession.BackupAsync).</summary>
    public static string NewPath(string databasePath) => $"{databasePath}.{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}.bak";

    /// <summary>The backups of a database, newest first (the time in the name sorts as text).</summary>
    public static IReadOnlyList<string> BackupsOf(string databasePath)
    {
        var folder = Path.GetDirectoryName(databasePath)!;
        var name = Path.GetFileName(databasePath);
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, name + ".*.bak")
                .Where(f => Stamp.IsMatch(Path.GetFileName(f)[name.Length..]))
                .OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal)
                .ToList()
            : Array.Empty<string>();
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> backups (0 keeps all); returns what it deleted.</summary>
    /// <param name="databasePath">The database.</param>
    /// <param name="keep">How many to keep.</param>
    /// <param name="justTaken">The backup this command took, kept whatever its age.</param>
    /// <param name="alsoKept">A backup this command used (the one restore read), kept too.</param>
    public static IReadOnlyList<string> Prune(string databasePath, int keep, string justTaken, string? alsoKept = null)
    {
        if (keep <= 0)
        {
            return Array.Empty<string>();
        }

        var kept = BackupsOf(databasePath).Take(keep).Append(Path.GetFullPath(justTaken)).ToHashSet(StringComparer.Ordinal);
        if (alsoKept is not null)
        {
            kept.Add(Path.GetFullPath(alsoKept));
        }

        var deleted = new List<string>();
        foreach (var backup in BackupsOf(databasePath).Where(b => !kept.Contains(b)))
        {
            try
            {
                File.Delete(backup);
                deleted.Add(backup);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A backup that cannot be deleted now is deleted by a later run.
            }
        }

        return deleted;
    }
}
