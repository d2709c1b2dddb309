using System;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationChain.Hosting.Logging;

namespace MigrationChain.Hosting.Configuration;

/// <summary>
/// The application's runner, built once from <see cref="MigrationChainOptions"/>, with the listener that writes the
/// log events and the description the events and messages use for the database.
/// </summary>
internal sealed class ConfiguredRunner
{
    public ConfiguredRunner(IServiceProvider services, IOptions<MigrationChainOptions> options)
    {
        var settings = options.Value;
        Logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(Log.Category);
        Startup = settings.Startup;

        var connection = settings.RunnerFactory is not null && string.IsNullOrWhiteSpace(settings.ConnectionString) && string.IsNullOrWhiteSpace(settings.ConnectionStringName)
            ? null
            : DatabaseConnection.Resolve(settings, services.GetService<IConfiguration>());
        Database = connection?.Description ?? "the application's database";

        var runnerOptions = new MigrationRunnerOptions
        {
            VersionTable = settings.VersionTable,
            VersionTableSchema = settings.VersionTableSchema,
            Schema = settings.Schema,
            LockTimeout = settings.LockTimeout,
            CommandTimeout = settings.CommandTimeout,
            Backup = settings.Backup,
            OnDrift = settings.OnDrift,
            LockPolicy = settings.LockPolicy,
            LockSizeThreshold = settings.LockSizeThreshold,
            Listener = new LoggingListener(Logger, Database),
        };

        Runner = settings.RunnerFactory is { } factory
            ? factory(services, runnerOptions) ?? throw new InvalidOperationException("MigrationChain: the UseRunner factory returned null.")
            : Create(connection!, runnerOptions, settings);
    }

    public MigrationRunner Runner { get; }

    /// <summary>The database for logs and messages: a file path or host and database name, never a connection string.</summary>
    public string Database { get; }

    public ILogger Logger { get; }

    public MigrationStartup Startup { get; }

    private static MigrationRunner Create(DatabaseConnection connection, MigrationRunnerOptions runnerOptions, MigrationChainOptions settings)
    {
        var assemblies = settings.Assemblies.Where(a => a is not null).Distinct().ToArray();
        if (assemblies.Length == 0)
        {
            throw new InvalidOperationException(
                "MigrationChain: no migration assemblies. Add the one that holds your migrations: options.Assemblies.Add(typeof(YourFirstMigration).Assembly).");
        }

        return connection.Provider switch
        {
            MigrationProvider.Postgres => MigrationRunner.ForPostgres(connection.ConnectionString, runnerOptions, assemblies),
            _ => MigrationRunner.ForSqlite(connection.ConnectionString, runnerOptions, assemblies),
        };
    }
}
