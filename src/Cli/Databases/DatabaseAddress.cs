using System.IO;

namespace MigrationChain.Cli.Databases;

/// <summary>
/// One database, parsed: the driver's connection string (which may hold a password, so it is never printed) and a
/// display name without secrets, used in every message.
/// </summary>
/// <param name="Kind">SQLite or PostgreSQL.</param>
/// <param name="ConnectionString">What the driver gets.</param>
/// <param name="Display">A file path, or <c>postgresql://user@host:port/db</c> (with <c>?schema=name</c> for a tenant's schema): safe to print.</param>
/// <param name="FilePath">The SQLite file, absolute; null for PostgreSQL.</param>
/// <param name="Schema">PostgreSQL: the tenant's schema the migrations run in (<c>--schemas</c>, <c>?schema=</c>); null for the connection's own.</param>
internal sealed record DatabaseAddress(DatabaseKind Kind, string ConnectionString, string Display, string? FilePath, string? Schema = null)
{
    /// <summary>False for a SQLite file that does not exist yet (reading it must not create it).</summary>
    public bool Exists => FilePath is null || File.Exists(FilePath);

    /// <summary>
    /// Names the target the same way in every process on every machine, whoever connects (a fleet is de-duplicated
    /// on it and its shards hash it): the SQLite file's absolute path, or <c>postgresql://host:port/database</c> with
    /// <c>?schema=</c>, without user or password (two roles reaching one database are one target; the connection
    /// string is not used because it carries this process's id as its application name).
    /// </summary>
    public string StableKey { get; init; } = FilePath is not null ? "sqlite://" + FilePath.Replace('\\', '/') : Display;

    public override string ToString() => Display;
}
