using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using MigrationChain.Testing.Schema;

namespace MigrationChain.Testing;

/// <summary>
/// A database for the chain assertions: the runner that migrates it and the reader that looks at its schema
/// through the database's own catalog. Give each assertion a fresh, empty database (a new SQLite file, a new
/// PostgreSQL database); the assertions refuse one where a migration is already recorded.
/// </summary>
/// <example>
/// <code>
/// var database = MigrationTestDatabase.Sqlite($"Data Source={Path.GetTempFileName()}", typeof(CreateUsers).Assembly);
/// // or: MigrationTestDatabase.Postgres("Host=localhost;Database=test_4711;Username=ci", typeof(CreateUsers).Assembly)
/// MigrationAssert.Stairway(database);
/// </code>
/// </example>
public sealed class MigrationTestDatabase
{
    internal MigrationTestDatabase(MigrationRunner runner, SchemaReader schema)
    {
        Runner = runner;
        Schema = schema;
    }

    /// <summary>The runner the assertions drive; use it for your own checks too.</summary>
    public MigrationRunner Runner { get; }

    internal SchemaReader Schema { get; }

    /// <summary>A SQLite database (Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=test.db</c>).</summary>
    /// <param name="connectionString">The database; a file, so that the runner and the schema reader see the same one.</param>
    /// <param name="migrationAssemblies">Where the migrations are; none means the calling assembly.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MigrationTestDatabase Sqlite(string connectionString, params Assembly[] migrationAssemblies) =>
        Sqlite(connectionString, new MigrationRunnerOptions(), Resolve(migrationAssemblies, Assembly.GetCallingAssembly()));

    /// <summary>A SQLite database, with runner options (e.g. a version table of your own name).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MigrationTestDatabase Sqlite(string connectionString, MigrationRunnerOptions options, params Assembly[] migrationAssemblies)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        var runner = MigrationRunner.ForSqlite(connectionString, options, Resolve(migrationAssemblies, Assembly.GetCallingAssembly()));
        return ForSqlite(runner, connectionString);
    }

    /// <summary>A PostgreSQL database (Npgsql connection string). Every schema in it is compared, so give each check a database of its own.</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="migrationAssemblies">Where the migrations are; none means the calling assembly.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MigrationTestDatabase Postgres(string connectionString, params Assembly[] migrationAssemblies) =>
        Postgres(connectionString, new MigrationRunnerOptions(), Resolve(migrationAssemblies, Assembly.GetCallingAssembly()));

    /// <summary>A PostgreSQL database, with runner options (e.g. a version table schema).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MigrationTestDatabase Postgres(string connectionString, MigrationRunnerOptions options, params Assembly[] migrationAssemblies)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        var runner = MigrationRunner.ForPostgres(connectionString, options, Resolve(migrationAssemblies, Assembly.GetCallingAssembly()));
        return ForPostgres(runner, connectionString);
    }

    /// <summary>Pairs a PostgreSQL runner the caller built with a reader of the same database.</summary>
    internal static MigrationTestDatabase ForPostgres(MigrationRunner runner, string connectionString) =>
        new(runner, new PostgresSchemaReader(connectionString, runner.Options.VersionTable, runner.Options.VersionTableSchema));

    /// <summary>Pairs a SQLite runner the caller built with a reader of the same database.</summary>
    internal static MigrationTestDatabase ForSqlite(MigrationRunner runner, string connectionString) =>
        new(runner, new SqliteSchemaReader(connectionString, runner.Options.VersionTable));

    /// <inheritdoc />
    public override string ToString() => Schema.Description;

    private static Assembly[] Resolve(Assembly[]? assemblies, Assembly caller) =>
        assemblies is { Length: > 0 } ? assemblies : new[] { caller };
}
