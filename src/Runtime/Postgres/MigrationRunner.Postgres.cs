using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using MigrationChain.Postgres;
using Npgsql;

namespace MigrationChain;

/// <summary>The PostgreSQL entry points of <see cref="MigrationRunner"/>.</summary>
public sealed partial class MigrationRunner
{
    /// <summary>
    /// A runner for a PostgreSQL database (an Npgsql connection string). The version table goes in
    /// <see cref="MigrationRunnerOptions.VersionTableSchema"/>, or the first schema on <c>search_path</c>.
    /// </summary>
    /// <remarks>
    /// Runners of one version table serialize on a session-level advisory lock held on a connection of its own, taken
    /// only when something is pending, so give the runner a direct or session-pooled connection: behind a
    /// transaction-pooling proxy (PgBouncer <c>pool_mode=transaction</c>) a session lock does not stay with its owner.
    /// </remarks>
    /// <param name="connectionString">The database. Connections come from Npgsql's shared pool for this string.</param>
    /// <param name="migrationAssemblies">Where the migrations are; none means the calling assembly.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MigrationRunner ForPostgres(string connectionString, params Assembly[] migrationAssemblies) =>
        ForPostgres(connectionString, new MigrationRunnerOptions(), Given(migrationAssemblies) ?? new[] { Assembly.GetCallingAssembly() });

    /// <summary>A runner for a PostgreSQL database, with options.</summary>
    /// <inheritdoc cref="ForPostgres(string, Assembly[])" path="/remarks"/>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MigrationRunner ForPostgres(string connectionString, MigrationRunnerOptions options, params Assembly[] migrationAssemblies)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return Over(o => new PostgresProvider(connectionString, o), options, Given(migrationAssemblies) ?? new[] { Assembly.GetCallingAssembly() });
    }

    /// <summary>A runner for a PostgreSQL database, taking connections from the application's data source.</summary>
    /// <inheritdoc cref="ForPostgres(string, Assembly[])" path="/remarks"/>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MigrationRunner ForPostgres(NpgsqlDataSource dataSource, params Assembly[] migrationAssemblies) =>
        ForPostgres(dataSource, new MigrationRunnerOptions(), Given(migrationAssemblies) ?? new[] { Assembly.GetCallingAssembly() });

    /// <summary>A runner for a PostgreSQL database, taking connections from the application's data source, with options.</summary>
    /// <inheritdoc cref="ForPostgres(string, Assembly[])" path="/remarks"/>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MigrationRunner ForPostgres(NpgsqlDataSource dataSource, MigrationRunnerOptions options, params Assembly[] migrationAssemblies)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return Over(o => new PostgresProvider(dataSource, o), options, Given(migrationAssemblies) ?? new[] { Assembly.GetCallingAssembly() });
    }

    /// <summary>A PostgreSQL runner over explicit migration types.</summary>
    internal static MigrationRunner ForPostgresTypes(string connectionString, MigrationRunnerOptions options, IReadOnlyList<Type> migrationTypes) =>
        Over(o => new PostgresProvider(connectionString, o), options, migrationTypes);
}
