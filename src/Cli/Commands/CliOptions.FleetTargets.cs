using System.CommandLine;

namespace MigrationChain.Cli.Commands;

/// <summary>Where a fleet's targets come from besides <c>--databases</c>: tenants' schemas, a catalog database, a command.</summary>
internal sealed partial class CliOptions
{
    public Option<string?> Schemas { get; } = new("--schemas")
    {
        Description = "PostgreSQL: migrate these schemas of --database, each a target with its own version table and search_path: a LIKE pattern ('tenant_%'; its _ matches any one character) or a comma-separated list of names",
        HelpName = "pattern|list",
    };

    public Option<string?> DatabasesFrom { get; } = new("--databases-from")
    {
        Description = "A PostgreSQL catalog database to ask for the fleet with --query (its URL)",
        HelpName = "url",
    };

    public Option<string?> Query { get; } = new("--query")
    {
        Description = "With --databases-from: a SELECT returning one column, a database URL per row (postgresql://...?schema=name for a tenant's schema)",
        HelpName = "sql",
    };

    public Option<string?> DatabasesFromCommand { get; } = new("--databases-from-command")
    {
        Description = "A shell command whose output lists the fleet, one database URL per line (blank lines and # comments skipped); it must exit 0",
        HelpName = "command",
    };

    private void AddFleetTargets(Command command)
    {
        command.Options.Add(Schemas);
        command.Options.Add(DatabasesFrom);
        command.Options.Add(Query);
        command.Options.Add(DatabasesFromCommand);
    }
}
