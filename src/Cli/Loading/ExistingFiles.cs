using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// Whether files exist, answered by listing each folder once: a chain of 10,000 migrations, one file each, costs one
/// directory read instead of 10,000 file-system calls.
/// </summary>
internal sealed class ExistingFiles
{
    // Linux file names are case-sensitive; Windows' and (by default) macOS's are not.
    private static readonly StringComparer NameComparer = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    private readonly Dictionary<string, HashSet<string>?> _folders = new(NameComparer);

    public bool Exists(string path)
    {
        string folder;
        string name;
        try
        {
            folder = Path.GetDirectoryName(path) ?? string.Empty;
            name = Path.GetFileName(path);
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (folder.Length == 0 || name.Length == 0 || !Path.IsPathRooted(folder))
        {
            return File.Exists(path);
        }

        if (!_folders.TryGetValue(folder, out var names))
        {
            names = List(folder);
            _folders[folder] = names;
        }

        return names is not null && names.Contains(name);
    }

    private static HashSet<string>? List(string folder)
    {
        try
        {
            // Names only: no FileInfo and no full path per entry.
            var entries = new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.FileName.ToString())
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            };
            return new HashSet<string>(entries, NameComparer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return null;
        }
    }
}
