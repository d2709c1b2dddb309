using System;
using System.IO;
using System.Text;

namespace MigrationChain.Cli.Databases;

/// <summary>Whether a file is a SQLite database, by the 16 bytes every one starts with; reads nothing else.</summary>
internal static class SqliteHeader
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SQLite format 3\0");

    public static bool IsSqlite(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var header = new byte[Magic.Length];
            return stream.Read(header, 0, header.Length) == header.Length && header.AsSpan().SequenceEqual(Magic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
