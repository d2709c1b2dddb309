using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MigrationChain.Hosting.Configuration;
using MigrationChain.Hosting.Tests.Support;
using MigrationChain.Tests.HostApp;
using Npgsql;

namespace MigrationChain.Hosting.Tests;

/// <summary>How AddMigrationChain turns configuration into a runner, and what it says when the configuration is wrong.</summary>
public class ConfigurationTests
{
    [Fact]
    public void SettingsBoundFromAConfigurationSection_ReachTheRunner()
    {
        var runner = Resolve(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Main"] = "Data Source=bound.db",
            ["MigrationChain:ConnectionStringName"] = "Main",
            ["MigrationChain:VersionTable"] = "schema_versions",
            ["MigrationChain:LockTimeout"] = "00:00:07",
            ["MigrationChain:CommandTimeout"] = "00:01:00",
            ["MigrationChain:Startup"] = "Verify",
            ["MigrationChain:LockPolicy"] = "Refuse",
            ["MigrationChain:LockSizeThreshold"] = "1048576",
        });

        Assert.Equal("schema_versions", runner.Options.VersionTable);
        Assert.Equal(LockPolicy.Refuse, runner.Options.LockPolicy);
        Assert.Equal(1L << 20, runner.Options.LockSizeThreshold);
        Assert.Equal(LockPolicy.Warn, new MigrationChainOptions().LockPolicy);
        Assert.Equal(TimeSpan.FromSeconds(7), runner.Options.LockTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), runner.Options.CommandTimeout);
        Assert.NotNull(runner.Options.Listener);
        Assert.Equal(new[] { typeof(RecordedMigration).Assembly }, runner.Assemblies);
    }

    [Fact]
    public void PostgresUrl_BecomesAnNpgsqlConnectionString_WithLibpqParameterNamesTranslated()
    {
        var converted = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(
            "postgresql://alice:p%40ss%3Bword@db.example.com:6543/shop%20db?sslmode=verify-full&application_name=api&connect_timeout=9"));

        Assert.Equal("db.example.com", converted.Host);
        Assert.Equal(6543, converted.Port);
        Assert.Equal("alice", converted.Username);
        Assert.Equal("p@ss;word", converted.Password);
        Assert.Equal("shop db", converted.Database);
        Assert.Equal(SslMode.VerifyFull, converted.SslMode);
        Assert.Equal("api", converted.ApplicationName);
        Assert.Equal(9, converted.Timeout);
    }

    [Theory]
    [InlineData("Host=db;Database=shop;Username=app", MigrationProvider.Postgres, "PostgreSQL database 'shop' on db:5432")]
    [InlineData("Server=db;Port=6000;Username=app", MigrationProvider.Postgres, "PostgreSQL database 'app' on db:6000")]
    [InlineData("postgres://app:secret@db/shop", MigrationProvider.Postgres, "PostgreSQL database 'shop' on db:5432")]
    [InlineData("Data Source=:memory:", MigrationProvider.Sqlite, "the in-memory SQLite database")]
    [InlineData("Filename=/var/app/app.db", MigrationProvider.Sqlite, "SQLite database '/var/app/app.db'")]
    public void ProviderAndDescription_AreWorkedOutFromTheConnectionString(string connection, MigrationProvider provider, string description)
    {
        var resolved = DatabaseConnection.Resolve(new MigrationChainOptions { ConnectionString = connection }, configuration: null);

        Assert.Equal(provider, resolved.Provider);
        Assert.Equal(description, resolved.Description);
    }

    [Theory]
    [InlineData(null, null, "MigrationChain: no database: set ConnectionString (a connection string or postgres:// URL) or ConnectionStringName.")]
    [InlineData("Data Source=a.db", "App", "MigrationChain: set ConnectionString or ConnectionStringName, not both.")]
    [InlineData(null, "Missing", "MigrationChain: the configuration has no connection string named 'Missing' (ConnectionStrings:Missing).")]
    [InlineData("Mode=ReadOnly", null, "MigrationChain: cannot tell the database kind from the connection string (no Host, Server or Data Source key); set Provider.")]
    [InlineData("postgres://app:Secret9@", null, "MigrationChain: the PostgreSQL URL is malformed; expected postgres://user:password@host:port/database?sslmode=require (the URL itself is not shown because it may hold a password).")]
    [InlineData("Host=db;Password='Secret9", null, "MigrationChain: the connection string is malformed: expected key=value pairs separated by ';' or a postgres:// URL (it is not shown because it may hold a password).")]
    public void WrongConnectionSettings_FailWithAMessageThatSaysWhatToSet(string? connectionString, string? name, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolve(new Dictionary<string, string?>(), o =>
        {
            o.ConnectionString = connectionString;
            o.ConnectionStringName = name;
        }));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void NoMigrationAssemblies_FailsSayingHowToAddOne()
    {
        var services = new ServiceCollection().AddMigrationChain(o => o.ConnectionString = "Data Source=a.db").BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<MigrationRunner>());

        Assert.Equal("MigrationChain: no migration assemblies. Add the one that holds your migrations: options.Assemblies.Add(typeof(YourFirstMigration).Assembly).", error.Message);
    }

    [Fact]
    public void UseRunner_GetsTheSettingsAndTheLoggingListener_AndItsRunnerIsTheApplications()
    {
        MigrationRunnerOptions? given = null;
        var services = new ServiceCollection().AddMigrationChain(o =>
        {
            o.LockTimeout = TimeSpan.FromSeconds(3);
            o.UseRunner((_, runnerOptions) =>
            {
                given = runnerOptions;
                return MigrationRunner.ForSqlite("Data Source=:memory:", runnerOptions, typeof(RecordedMigration).Assembly);
            });
        }).BuildServiceProvider();

        var runner = services.GetRequiredService<MigrationRunner>();

        Assert.Same(runner, services.GetRequiredService<MigrationRunner>());
        Assert.Equal(TimeSpan.FromSeconds(3), given!.LockTimeout);
        Assert.NotNull(given.Listener);
    }

    [Fact]
    public void AddingTwice_RegistersOneRunnerAndOneStartupService()
    {
        var services = new ServiceCollection();
        services.AddMigrationChain(o => o.ConnectionString = "Data Source=a.db");
        services.AddMigrationChain(o => o.Assemblies.Add(typeof(RecordedMigration).Assembly));

        Assert.Single(services, d => d.ServiceType == typeof(MigrationRunner));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
    }

    private static MigrationRunner Resolve(Dictionary<string, string?> settings, Action<MigrationChainOptions>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddMigrationChain(options =>
        {
            configuration.GetSection("MigrationChain").Bind(options);
            options.Assemblies.Add(typeof(RecordedMigration).Assembly);
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider().GetRequiredService<MigrationRunner>();
    }
}
