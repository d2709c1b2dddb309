using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>Where the version table lives, how names are quoted, and what the runner says about the database.</summary>
public class PostgresSchemaTests(PostgresFixture fixture)
{
    [Fact]
    public async Task VersionTableSchema_HoldsTheVersionTable_CreatedWhenMissing_WhileMigrationsFollowSearchPath()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var schema = $"Ops \"{db.SchemaName}\"";
        var options = new MigrationRunnerOptions { VersionTableSchema = schema, VersionTable = "Schema Versions" };
        var runner = db.Runner(typeof(Chains.Linear), options);

        runner.UpgradeHead();

        Assert.Equal(new[] { "orders", "users" }, db.Tables());
        var quoted = $"\"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\".\"Schema Versions\"";
        Assert.Equal(4L, db.Scalar($"SELECT count(*) FROM {quoted}"));
        Assert.True(runner.UpgradeHead().WasUpToDate);
        Assert.Equal(new[] { "0004_orders_index" }, runner.Current());
    }

    [Fact]
    public async Task WithoutASchema_TheVersionTableGoesToTheFirstSchemaOnSearchPath()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var second = db.SchemaName + "_second";
        db.Execute($"CREATE SCHEMA {second}");
        var connectionString = new NpgsqlConnectionStringBuilder(db.ConnectionString) { SearchPath = $"{second}, {db.SchemaName}" }.ConnectionString;

        MigrationRunner.ForPostgresTypes(connectionString, new MigrationRunnerOptions(), typeof(Chains.Linear).GetNestedTypes()).UpgradeHead();

        Assert.Equal(4L, db.Scalar($"SELECT count(*) FROM {second}.migration_history"));
        Assert.Equal(1L, db.Scalar($"SELECT count(*) FROM pg_tables WHERE schemaname = '{second}' AND tablename = 'users'"));
        Assert.Empty(db.Tables());
    }

    [Fact]
    public async Task SearchPathWithNoExistingSchema_IsExplained()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var connectionString = new NpgsqlConnectionStringBuilder(db.ConnectionString) { SearchPath = "no_such_schema" }.ConnectionString;

        var error = Assert.Throws<VersionTableException>(() =>
            MigrationRunner.ForPostgresTypes(connectionString, new MigrationRunnerOptions(), typeof(Chains.Linear).GetNestedTypes()).UpgradeHead());

        Assert.Contains("no schema on its search_path", error.Message);
        Assert.Contains("migration_history", error.Table);
        Assert.Contains("VersionTableSchema", error.Message);
    }

    [Fact]
    public async Task GuardQuestions_ReadNamesAsSqlDoes()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        db.Runner(typeof(GuardChain)).UpgradeHead();

        Assert.Equal(new[] { true, true, true, true, false, true, false }, GuardChain.Probe.Answers);
    }

    [Fact]
    public async Task GuardQuestionWithANameSqlCouldNotParse_FailsTheMigration_SayingHowToQuote()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(UnquotedGuard)).UpgradeHead());

        Assert.Equal("0001_guard", error.Revision);
        Assert.Contains("'Mixed Case' is not a valid table name", error.Message);
        Assert.Contains("\"Mixed Case\"", error.Message);
    }

    [Fact]
    public async Task Messages_NeverShowThePassword()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        db.Execute("CREATE TABLE users (id INTEGER)");
        var connectionString = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Password = "s3cret-Pa55" }.ConnectionString;
        var runner = MigrationRunner.ForPostgresTypes(connectionString, new MigrationRunnerOptions(), typeof(Chains.Linear).GetNestedTypes());

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.Unversioned, error.Problem);
        Assert.Contains("PostgreSQL database", error.Message);
        Assert.Contains(".users", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [Fact]
    public void MultiplexingConnectionString_IsRefusedUpFront()
    {
        var error = Assert.Throws<ArgumentException>(() => MigrationRunner.ForPostgres("Host=localhost;Multiplexing=true", typeof(Chains).Assembly));

        Assert.Contains("Multiplexing", error.Message);
    }

    [Fact]
    public void NamesPostgresWouldTruncate_AreRefusedUpFront()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            MigrationRunner.ForPostgres("Host=localhost", new MigrationRunnerOptions { VersionTable = new string('v', 64) }, typeof(Chains).Assembly));

        Assert.Contains("63-byte", error.Message);
    }

    [Fact]
    public async Task DataSourceOverload_UsesTheApplicationsDataSource()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var builder = new NpgsqlDataSourceBuilder(db.ConnectionString);
        await using var dataSource = builder.Build();

        var runner = MigrationRunner.ForPostgres(dataSource, new MigrationRunnerOptions(), typeof(Chains).Assembly);

        // The test assembly holds many chains (and a broken one on purpose): the runner validates before connecting.
        Assert.Throws<ChainValidationException>(() => runner.UpgradeHead());
        Assert.Empty(db.Tables());
    }

    public static class UnquotedGuard
    {
        [Migration("0001_guard")]
        public sealed class Guard : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.TableExists("Mixed Case");
        }
    }

    /// <summary>Tables named plainly and with quotes, then every guard question once, answers kept in order.</summary>
    public static class GuardChain
    {
        [Migration("0001_tables")]
        public sealed class Tables : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE plain (Email TEXT); CREATE TABLE \"Mixed Case\" (\"Quoted Col\" INTEGER)");
        }

        [Migration("0002_probe", Parent = "0001_tables")]
        public sealed class Probe : Migration
        {
            public static List<bool> Answers { get; } = new();

            public override void Upgrade(MigrationBuilder m)
            {
                Answers.Clear();
                Answers.Add(m.TableExists("plain"));
                Answers.Add(m.TableExists("PLAIN"));
                Answers.Add(m.TableExists("\"Mixed Case\""));
                Answers.Add(m.ColumnExists("plain", "email"));
                Answers.Add(m.ColumnExists("plain", "\"Email\""));
                Answers.Add(m.ColumnExists("\"Mixed Case\"", "\"Quoted Col\""));
                Answers.Add(m.TableExists("no_such_table"));
            }
        }
    }
}
