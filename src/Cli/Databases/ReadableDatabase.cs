using System;
using System.IO;

namespace MigrationChain.Cli.Databases;

/// <summary>
/// A database to read, or to plan a dry run against, without creating it: opening a SQLite file that does not exist
/// creates it, so a missing file is read through an empty stand-in in the temporary folder instead, which then
/// answers as a database with nothing applied.
/// </summary>
internal sealed class ReadableDatabase : IDisposable
{
    private readonly string? _standIn;

    private ReadableDatabase(DatabaseAddress address, string? standIn)
    {
        Address = address;
        _standIn = standIn;
    }

    /// <summary>What to open.</summary>
    public DatabaseAddress Address { get; }

    /// <summary>True when the real database does not exist yet.</summary>
    public bool IsMissing => _standIn is not null;

    public static ReadableDatabase For(DatabaseAddress address)
    {
        if (address.Exists)
        {
            return new ReadableDatabase(address, null);
        }

        var standIn = Path.Combine(Path.GetTempPath(), $"mchain-empty-{Guid.NewGuid():N}.db");
        var connection = address.ConnectionString.Replace(address.FilePath!, standIn, StringComparison.Ordinal);
        return new ReadableDatabase(address with { ConnectionString = connection, FilePath = standIn }, standIn);
    }

    public void Dispose()
    {
        if (_standIn is null)
        {
            return;
        }

        foreach (var file in new[] { _standIn, _standIn + "-journal", _standIn + "-wal", _standIn + "-shm", _standIn + ".migrationchain-lock" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
            }
        }
    }
}
