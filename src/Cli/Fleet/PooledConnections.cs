using Microsoft.Data.Sqlite;
using MigrationChain.Cli.Databases;
using Npgsql;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// Closes the idle pooled connections a fleet run leaves behind. The drivers pool by connection string, and each
/// database of a fleet has its own: left alone, every database migrated keeps a connection open (SQLite: a file
/// handle and its page cache; PostgreSQL: a server connection, for minutes), so memory and server connections would
/// grow with the fleet. Connections in use by other workers are not cut: they are closed when they are returned.
/// </summary>
internal static class PooledConnections
{
    public static void Release(DatabaseAddress address)
    {
        if (address.Schema is not null)
        {
            // Schema-per-tenant targets share one database and one connection string, so one pool of at most
            // --parallel connections serves the whole fleet: keep it for the next schema.
            return;
        }

        if (address.Kind == DatabaseKind.Sqlite)
        {
            SqliteConnection.ClearAllPools();
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
        }
    }
}
