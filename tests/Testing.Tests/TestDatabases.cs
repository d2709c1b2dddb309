using MigrationChain.Testing.Support;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace MigrationChain.Testing.Tests;

/// <summary>The databases a check runs against in these tests.</summary>
public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Fresh, empty databases for one test, each paired with a runner over one test chain (the nested classes of a
/// container in <see cref="Chains"/>). SQLite files live in a folder deleted with the test.
/// </summary>
public sealed class TestDatabases : IDisposable
{
    private readonly PostgresFixture _postgres;
    private readonly TempDirectory _folder = new("mc-testing");
    private int _files;

    public TestDatabases(PostgresFixture postgres)
    {
        _postgres = postgres;
    }

    public async Task<MigrationTestDatabase> CreateAsync(Provider provider, Type chain)
    {
        var migrations = chain.GetNestedTypes();
        if (provider == Provider.Sqlite)
        {
            var file = _folder.SqliteDatabase($"db{Interlocked.Increment(ref _files)}.db");
            return MigrationTestDatabase.ForSqlite(MigrationRunner.ForSqliteTypes(file, new MigrationRunnerOptions(), migrations), file);
        }

        // A database per check: the schema reader compares every schema in it.
        var database = await _postgres.CreateDatabaseAsync("testing");
        return MigrationTestDatabase.ForPostgres(MigrationRunner.ForPostgresTypes(database, new MigrationRunnerOptions(), migrations), database);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}

/// <summary>Theory data: every provider the checks support.</summary>
public static class Providers
{
    public static TheoryData<Provider> All => new(Provider.Sqlite, Provider.Postgres);

    public static string Pick(Provider provider, string sqlite, string postgres) => provider == Provider.Sqlite ? sqlite : postgres;
}
