using System.IO;

namespace MigrationChain.Cli.Databases;

/// <summary>
/// One database, parsed: the driver's connection string (which may hold a password, so it is never printed) and a
/// display name without secrets, used in every message.
/// </summary>
/// <param name="Kind">SQLite or PostgreSQL.</param>
/// <param name="ConnectionString">What the driver gets.</param>
/// <param name="Display">A file path, or <c>postgresql://user@host:port/db</c>: safe to print.</param>
/// <param name="FilePath">The SQLite file, absolute; null for PostgreSQL.</param>
internal sealed record DatabaseAddress(DatabaseKind Kind, string ConnectionString, string Display, string? FilePath)
{
    /// <summary>False for a SQLite file that does not exist yet (reading it must not create it).</summary>
    public bool Exists => FilePath is null || File.Exists(FilePath);

    /// <summary>
    /// Names the database the same way in every process on every machine (a fleet's shards hash it): the SQLite
    /// file's absolute path, or the PostgreSQL URL without its user (two roles reaching one database are one target;
    /// the connection string is not used because it carries this process's id as its application name).
    /// </summary>
    public string StableKey => FilePath is not null
        ? "sqlite://" + FilePath.Replace('\\', '/')
        : Display.IndexOf('@', System.StringComparison.Ordinal) is var at and > 0 ? "postgresql://" + Display[(at + 1)..] : Display;

    public override string ToString() => Display;
}
