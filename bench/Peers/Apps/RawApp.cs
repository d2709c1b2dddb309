namespace MigrationChain.Benchmarks.Peers.Apps;

/// <summary>
/// The baseline: the driver alone. Apply runs each migration's two statements in a transaction of its own; the no-op
/// opens the database and reads one row, the least any tool must do to learn it is at head. On SQLite a second
/// baseline first switches the new file to WAL, as EF Core does, to tell the journal mode's share from the tool's.
/// </summary>
internal sealed class RawApp(bool wal = false) : PeerApp
{
    public override string Name => wal ? "RawWal" : "Raw";

    protected override string References(Dialect dialect, string repositoryRoot) => dialect == Dialect.Sqlite
        ? """  <ItemGroup><PackageReference Include="Microsoft.Data.Sqlite" /></ItemGroup>"""
        : """  <ItemGroup><PackageReference Include="Npgsql" /></ItemGroup>""";

    protected override string PeerClass(Dialect dialect)
    {
        var (usingLine, connection, readOne) = dialect == Dialect.Sqlite
            ? ("using Microsoft.Data.Sqlite;", "SqliteConnection", "SELECT name FROM sqlite_master LIMIT 1")
            : ("using Npgsql;", "NpgsqlConnection", "SELECT relname FROM pg_class LIMIT 1");
        return $$"""
            {{usingLine}}

            internal static class Peer
            {
                public static void Apply(string connectionString)
                {
                    using var connection = new {{connection}}(connectionString);
                    connection.Open();
                    {{(wal ? "using (var pragma = connection.CreateCommand()) { pragma.CommandText = \"PRAGMA journal_mode=WAL\"; pragma.ExecuteNonQuery(); }" : "")}}
                    for (var i = 1; i <= Chain.Count; i++)
                    {
                        using var transaction = connection.BeginTransaction();
                        foreach (var sql in new[] { $"CREATE TABLE t_{i} (id integer primary key, v text)", $"CREATE INDEX ix_{i} ON t_{i}(v)" })
                        {
                            using var command = connection.CreateCommand();
                            command.Transaction = transaction;
                            command.CommandText = sql;
                            command.ExecuteNonQuery();
                        }
                        transaction.Commit();
                    }
                }

                public static void NoOp(string connectionString)
                {
                    using var connection = new {{connection}}(connectionString);
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "{{readOne}}";
                    command.ExecuteScalar();
                }
            }
            """;
    }

    protected override IEnumerable<(string Path, string Content)> Migrations(Dialect dialect, int count)
    {
        yield return ("Chain.cs", $"internal static class Chain {{ public const int Count = {count}; }}\n");
    }
}
