using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;
using MigrationChain.Sql;
using Npgsql;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// <c>--databases-from URL --query SQL</c>: the fleet as a PostgreSQL catalog lists it, one database URL per row. The
/// query runs read-only into a scrollable cursor WITH HOLD: the server keeps the result, so the catalog holds no
/// transaction open during the run, and the client reads it a page at a time. Every row is read and checked first
/// (a NULL, a row that is not a URL, no row at all stop the run before anything changed), then the cursor is rewound
/// and the rows are handed out as targets.
/// </summary>
internal static class CatalogTargets
{
    private const int PageSize = 500;
    private const string Cursor = "mchain_fleet";

    public static async IAsyncEnumerable<DatabaseAddress> ReadAsync(
        DatabaseAddress catalog, string query, Redactor redactor, string baseDirectory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (catalog.Kind != DatabaseKind.Postgres)
        {
            throw new CliException(ExitCodes.Usage, $"--databases-from takes a PostgreSQL catalog; {catalog.Display} is a SQLite file.",
                $"For a SQLite catalog print the URLs with a command: --databases-from-command \"sqlite3 {catalog.Display} '{query.Replace("'", "''", StringComparison.Ordinal)}'\"");
        }

        var select = SingleSelect(query);
        var connectionString = new NpgsqlConnectionStringBuilder(catalog.ConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await RunAsync(catalog, "connect to", () => connection.OpenAsync(cancellationToken)).ConfigureAwait(false);

        // Read-only, so a query that calls a function with side effects fails instead of changing the catalog.
        // Two round trips: the setting applies to transactions that start after it, and the DECLARE must be one.
        await RunAsync(catalog, "run --query on", () => ExecuteAsync(connection, "SET default_transaction_read_only = on", cancellationToken)).ConfigureAwait(false);
        await RunAsync(catalog, "run --query on", () => ExecuteAsync(connection, $"DECLARE {Cursor} SCROLL CURSOR WITH HOLD FOR {select}", cancellationToken)).ConfigureAwait(false);

        var rows = 0;
        await foreach (var _ in PagesAsync(connection, catalog, query, redactor, baseDirectory, cancellationToken).ConfigureAwait(false))
        {
            rows++;
        }

        if (rows == 0)
        {
            throw new CliException(ExitCodes.Usage, $"--query returned no rows from the catalog {catalog.Display}: there is no database to migrate.",
                "Check its WHERE clause (run it with psql against the catalog); if the fleet is empty on purpose, there is nothing to do.");
        }

        await ExecuteAsync(connection, $"MOVE ABSOLUTE 0 IN {Cursor}", cancellationToken).ConfigureAwait(false);
        await foreach (var target in PagesAsync(connection, catalog, query, redactor, baseDirectory, cancellationToken).ConfigureAwait(false))
        {
            yield return target;
        }

        await ExecuteAsync(connection, $"CLOSE {Cursor}", CancellationToken.None).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<DatabaseAddress> PagesAsync(
        NpgsqlConnection connection, DatabaseAddress catalog, string query, Redactor redactor, string baseDirectory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        while (true)
        {
            var page = new List<(int Number, string? Url)>(PageSize);
            await using (var command = new NpgsqlCommand($"FETCH FORWARD {PageSize} FROM {Cursor}", connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.FieldCount != 1 || reader.GetFieldType(0) != typeof(string))
                {
                    throw new CliException(ExitCodes.Usage,
                        $"--query returns {(reader.FieldCount == 1 ? "a " + reader.GetDataTypeName(0) + " column" : reader.FieldCount + " columns")}; it must return one text column, a database URL per row.",
                        "Select only the URL: SELECT url FROM tenants WHERE active (a tenant's schema as postgresql://host/db?schema=name).");
                }

                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    page.Add((++number, reader.IsDBNull(0) ? null : reader.GetString(0)));
                }
            }

            foreach (var (row, url) in page)
            {
                yield return Parse(row, url, catalog, query, redactor, baseDirectory);
            }

            if (page.Count < PageSize)
            {
                yield break;
            }
        }
    }

    private static DatabaseAddress Parse(int row, string? url, DatabaseAddress catalog, string query, Redactor redactor, string baseDirectory)
    {
        if (url is null)
        {
            throw new CliException(ExitCodes.Usage, $"--query row {row} from the catalog {catalog.Display} is NULL, not a database URL.",
                "Filter such rows out in the query (WHERE url IS NOT NULL) or fix them in the catalog.");
        }

        try
        {
            return DatabaseUrl.Parse(url, redactor, baseDirectory);
        }
        catch (CliException e)
        {
            throw new CliException(ExitCodes.Usage, $"--query row {row} from the catalog {catalog.Display} ('{redactor.Redact(url)}'): {e.Message}",
                $"Fix the row in the catalog, or filter it out in the query ({query.Trim()}); rows must be database URLs such as postgresql://user@host:5432/tenant_db.");
        }
    }

    private static string SingleSelect(string query)
    {
        var statements = SqlStatementSplitter.Split(query, SqlDialect.Postgres);
        if (statements.Count != 1 || !(statements[0].StartsWith("SELECT") || statements[0].StartsWith("WITH") || statements[0].StartsWith("VALUES") || statements[0].StartsWith("TABLE")))
        {
            throw new CliException(ExitCodes.Usage,
                statements.Count == 0 ? "--query is empty." : statements.Count > 1 ? $"--query holds {statements.Count} statements; it must be one SELECT." : "--query must be a SELECT (or WITH ... SELECT, VALUES, TABLE).",
                "Pass one query returning a database URL per row: --query \"SELECT url FROM tenants WHERE active\".");
        }

        return statements[0].Text;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task RunAsync(DatabaseAddress catalog, string doing, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            var reason = e is PostgresException p ? p.MessageText : e.Message;
            throw new CliException(ExitCodes.Usage, $"Cannot {doing} the catalog {catalog.Display}: {reason}",
                doing.StartsWith("connect", StringComparison.Ordinal)
                    ? "Check that the catalog server is up and that --databases-from's user may connect (psql with the same URL)."
                    : "Run the query with psql against the catalog to fix it; it must be one SELECT returning a database URL per row.");
        }
    }
}
