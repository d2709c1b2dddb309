using System;
using System.Collections.Generic;
using System.Reflection;

namespace MigrationChain.Hosting;

/// <summary>
/// What <see cref="MigrationChainServiceCollectionExtensions.AddMigrationChain"/> registers: which database, which
/// migrations, and what to do at startup. Every property but <see cref="Assemblies"/> can also be bound from
/// configuration (e.g. a <c>MigrationChain</c> section of appsettings.json).
/// </summary>
public sealed class MigrationChainOptions
{
    private static readonly MigrationRunnerOptions Defaults = new();

    /// <summary>
    /// The database: a connection string (SQLite: <c>Data Source=app.db</c>; PostgreSQL: <c>Host=...;Database=...</c>)
    /// or a PostgreSQL URL (<c>postgres://user:password@host:5432/database?sslmode=require</c>). Set this or
    /// <see cref="ConnectionStringName"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The name of a connection string in the host's configuration (<c>ConnectionStrings:{name}</c>); it may hold a URL too.</summary>
    public string? ConnectionStringName { get; set; }

    /// <summary>The database kind; null works it out from the connection string (a <c>postgres://</c> URL or a <c>Host</c> key means PostgreSQL, a <c>Data Source</c> key SQLite).</summary>
    public MigrationProvider? Provider { get; set; }

    /// <summary>What to do when the host starts. Default <see cref="MigrationStartup.None"/>.</summary>
    public MigrationStartup Startup { get; set; } = MigrationStartup.None;

    /// <inheritdoc cref="MigrationRunnerOptions.VersionTable"/>
    public string VersionTable { get; set; } = Defaults.VersionTable;

    /// <inheritdoc cref="MigrationRunnerOptions.VersionTableSchema"/>
    public string? VersionTableSchema { get; set; } = Defaults.VersionTableSchema;

    /// <inheritdoc cref="MigrationRunnerOptions.Schema"/>
    public string? Schema { get; set; }

    /// <inheritdoc cref="MigrationRunnerOptions.LockTimeout"/>
    public TimeSpan LockTimeout { get; set; } = Defaults.LockTimeout;

    /// <inheritdoc cref="MigrationRunnerOptions.CommandTimeout"/>
    public TimeSpan? CommandTimeout { get; set; } = Defaults.CommandTimeout;

    /// <inheritdoc cref="MigrationRunnerOptions.Backup"/>
    public bool Backup { get; set; } = Defaults.Backup;

    /// <inheritdoc cref="MigrationRunnerOptions.OnDrift"/>
    public DriftPolicy OnDrift { get; set; } = Defaults.OnDrift;

    /// <inheritdoc cref="MigrationRunnerOptions.LockPolicy"/>
    public LockPolicy LockPolicy { get; set; } = Defaults.LockPolicy;

    /// <inheritdoc cref="MigrationRunnerOptions.LockSizeThreshold"/>
    public long LockSizeThreshold { get; set; } = Defaults.LockSizeThreshold;

    /// <summary>The assemblies that hold the migrations (at least one), e.g. <c>typeof(CreateUsers).Assembly</c>.</summary>
    public IList<Assembly> Assemblies { get; } = new List<Assembly>();

    internal Func<IServiceProvider, MigrationRunnerOptions, MigrationRunner>? RunnerFactory { get; private set; }

    /// <summary>
    /// Builds the runner yourself, e.g. from the application's <c>NpgsqlDataSource</c>. The options passed in carry
    /// the settings above and the listener that writes the log events; hand them to the runner you create.
    /// <see cref="Assemblies"/> is then ignored, and connection settings, if any, only name the database in logs.
    /// </summary>
    /// <example><c>options.UseRunner((services, runnerOptions) => MigrationRunner.ForPostgres(services.GetRequiredService&lt;NpgsqlDataSource&gt;(), runnerOptions, typeof(CreateUsers).Assembly));</c></example>
    public void UseRunner(Func<IServiceProvider, MigrationRunnerOptions, MigrationRunner> factory) =>
        RunnerFactory = factory ?? throw new ArgumentNullException(nameof(factory));
}
