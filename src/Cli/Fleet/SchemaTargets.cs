using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using Npgsql;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// <c>--schemas</c>: tenants' schemas of one PostgreSQL database, each a target. A value with <c>%</c> is a LIKE
/// pattern matched against the schemas that exist (PostgreSQL's own are never matched), read a page at a time in
/// name order so neither the client nor a long-open query holds the fleet; any other value is a comma-separated list
/// of names, which need not exist yet (an upgrade creates a missing schema, as it creates a missing SQLite file).
/// </summary>
internal static class SchemaTargets
{
    private const int PageSize = 500;

    private const string PageQuery = """
        SELECT nspname::text FROM pg_catalog.pg_namespace
        WHERE nspname LIKE $1 AND nspname COLLATE "C" > $2 COLLATE "C"
          AND nspname !~ '^pg_' AND nspname <> 'information_schema'
        ORDER BY nspname COLLATE "C"
        LIMIT $3
        """;

    public static bool IsPattern(string schemas) => schemas.Contains('%', StringComparison.Ordinal);

    /// <summary>Checks the selection (a pattern that matches something, names PostgreSQL takes) before yielding anything.</summary>
    public static async IAsyncEnumerable<DatabaseAddress> ExpandAsync(DatabaseAddress database, string schemas, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (database.Kind != DatabaseKind.Postgres || database.Schema is not null)
        {
            throw new CliException(ExitCodes.Usage,
                database.Kind != DatabaseKind.Postgres
                    ? $"--schemas is for PostgreSQL, and {database.Display} is a SQLite file."
                    : $"--schemas selects the schemas of --database, which already names one ({database.Display}).",
                "Pass a PostgreSQL database without ?schema=: --database postgresql://user@host:5432/app --schemas 'tenant_%'.");
        }

        if (!IsPattern(schemas))
        {
            var names = schemas.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count == 0)
            {
                throw new CliException(ExitCodes.Usage, "--schemas names no schema.", "Pass a LIKE pattern ('tenant_%') or a comma-separated list (tenant_1,tenant_2).");
            }

            // Every name is checked before the first target goes out.
            var targets = names.Select(name => InSchema(database, name)).ToList();
            foreach (var target in targets)
            {
                yield return target;
            }

            yield break;
        }

        if (EndsInLoneEscape(schemas))
        {
            throw new CliException(ExitCodes.Usage, $"--schemas '{schemas}' ends in a lone backslash, which LIKE reads as an escape with nothing to escape.",
                "Drop the trailing backslash, or double it to match a backslash.");
        }

        var after = string.Empty;
        var matched = 0;
        while (true)
        {
            var page = await PageAsync(database, schemas, after, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0 && matched == 0)
            {
                var existing = await PageAsync(database, "%", string.Empty, cancellationToken).ConfigureAwait(false);
                throw new CliException(ExitCodes.Usage, $"No schema of {database.Display} matches --schemas '{schemas}'.",
                    existing.Count == 0
                        ? "The database has no schema besides PostgreSQL's own; create the tenants' schemas, or list them by name (an upgrade creates missing ones)."
                        : $"Its schemas include: {string.Join(", ", existing.Take(8))}{(existing.Count > 8 ? ", ..." : string.Empty)}. In a LIKE pattern % matches any text and _ any one character.");
            }

            foreach (var name in page)
            {
                matched++;
                yield return InSchema(database, name);
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1];
        }
    }

    private static DatabaseAddress InSchema(DatabaseAddress database, string schema)
    {
        try
        {
            return DatabaseUrl.InSchema(database, schema);
        }
        catch (CliException e)
        {
            throw new CliException(ExitCodes.Usage, $"--schemas: {e.Message["Bad database: ".Length..]}", e.WhatToDo.ToArray());
        }
    }

    private static async Task<List<string>> PageAsync(DatabaseAddress database, string pattern, string after, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(PageQuery, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pattern });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PageSize });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var names = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new CliException(ExitCodes.Usage, $"Cannot list the schemas of {database.Display} for --schemas: {(e is PostgresException p ? p.MessageText : e.Message)}",
                "Check that the server is up and the URL's user may connect (psql with the same URL), or list the schemas by name.");
        }
    }

    private static bool EndsInLoneEscape(string pattern)
    {
        var backslashes = pattern.Length - pattern.TrimEnd('\\').Length;
        return backslashes % 2 == 1;
    }
}
