using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// The targets of a fleet command, from exactly one source: <c>--databases</c> (a glob or a list file),
/// <c>--databases-from</c> with <c>--query</c> (a catalog), <c>--databases-from-command</c>, or <c>--schemas</c> of
/// one <c>--database</c>. A stream: each source checks all its input before the first target comes out (nothing
/// runs on a fleet whose list is broken), then hands targets out one at a time, so a 10,000-target fleet is never
/// held as runners; only the targets' keys are remembered, to skip a target listed twice.
/// </summary>
internal static class TargetSources
{
    public static IAsyncEnumerable<DatabaseAddress> For(CommandContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var sources = new[] { options.Databases, options.DatabasesFrom, options.DatabasesFromCommand }
            .Where(o => context.Value(o) is not null)
            .ToList();
        if (context.IsTyped(options.Database) && sources.Count > 0)
        {
            throw new CliException(ExitCodes.Usage, $"Pass either --database or {sources[0].Name}, not both.",
                "--database names one database (with --schemas, the database whose schemas to migrate).");
        }

        if (sources.Count > 1)
        {
            throw new CliException(ExitCodes.Usage, $"Pass one source of databases, not {string.Join(" and ", sources.Select(o => o.Name))}.",
                "Put every target in one list (SQLite paths and PostgreSQL URLs mix), or run once per source.");
        }

        var query = context.Value(options.Query);
        var from = context.Value(options.DatabasesFrom);
        if ((query is null) != (from is null))
        {
            throw new CliException(ExitCodes.Usage, from is null ? "--query needs --databases-from, the catalog to run it on." : "--databases-from needs --query, the SELECT listing the databases.",
                "Pass both: --databases-from \"$CATALOG_URL\" --query \"SELECT url FROM tenants WHERE active\".");
        }

        var schemas = context.Value(options.Schemas);
        var redactor = context.Console.Redactor;
        if (schemas is not null)
        {
            if (sources.Count > 0)
            {
                throw new CliException(ExitCodes.Usage, $"--schemas selects the schemas of one --database, not of {sources[0].Name}.",
                    "To list tenants' schemas across databases, name each as postgresql://user@host:5432/db?schema=name in the list.");
            }

            if (context.Value(options.VersionTableSchema) is not null)
            {
                throw new CliException(ExitCodes.Usage, "--schemas puts each tenant's version table in its own schema, so --version-table-schema does not apply.",
                    "Drop --version-table-schema (or versionTableSchema in mchain.json).");
            }

            var database = context.OptionalDatabase() ?? throw new CliException(ExitCodes.Usage, "--schemas needs the database whose schemas to migrate.",
                "Pass --database postgresql://user@host:5432/app (or set " + DatabaseUrl.EnvironmentVariable + ").");
            return Distinct(SchemaTargets.ExpandAsync(database, schemas, cancellationToken), cancellationToken);
        }

        var source = sources.Count == 1 ? sources[0] : throw new CliException(ExitCodes.Usage, "No databases given.",
            "Pass --databases, --databases-from with --query, --databases-from-command, or --database with --schemas.");
        var baseDirectory = context.IsTyped(source) || context.Config is null ? CommandContext.WorkingDirectory : context.Config.Folder;
        var value = context.Value(source)!;
        if (source == options.DatabasesFrom)
        {
            var catalog = DatabaseUrl.Parse(value, redactor, baseDirectory);
            return Distinct(CatalogTargets.ReadAsync(catalog, query!, redactor, baseDirectory, cancellationToken), cancellationToken);
        }

        return source == options.DatabasesFromCommand
            ? Distinct(CommandTargets.ReadAsync(value, redactor, baseDirectory, cancellationToken), cancellationToken)
            : Distinct(Files(value, redactor, baseDirectory), cancellationToken);
    }

    private static async IAsyncEnumerable<DatabaseAddress> Files(string specification, Redactor redactor, string baseDirectory)
    {
        // Inside the iterator, so the checks run at the first MoveNextAsync like every other source's.
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var target in FleetSource.Open(specification, redactor, baseDirectory))
        {
            yield return target;
        }
    }

    private static async IAsyncEnumerable<DatabaseAddress> Distinct(IAsyncEnumerable<DatabaseAddress> targets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var target in targets.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (seen.Add(target.StableKey))
            {
                yield return target;
            }
        }
    }
}
