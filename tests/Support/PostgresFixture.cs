using System;
using System.Threading;
using System.Threading.Tasks;

namespace MigrationChain.Testing.Support;

/// <summary>
/// One PostgreSQL cluster per test assembly, started on first use and stopped when the assembly's tests end.
/// Declare it with <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c> and take it in a test class's
/// constructor. When no server can be started the test fails under CI and is skipped, with the reason, elsewhere.
/// </summary>
public sealed class PostgresFixture : IAsyncDisposable
{
    private readonly Lazy<Task<PostgresCluster>> _cluster =
        new(() => PostgresCluster.StartAsync(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lazy<Task<string>> _shared;
    private readonly Lazy<Task<string>> _passwordChecked;

    public PostgresFixture()
    {
        _shared = new(async () => await (await ClusterAsync().ConfigureAwait(false)).CreateDatabaseAsync("shared").ConfigureAwait(false),
            LazyThreadSafetyMode.ExecutionAndPublication);
        _passwordChecked = new(async () =>
        {
            var cluster = await ClusterAsync().ConfigureAwait(false);
            var database = new Npgsql.NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync("pwcheck").ConfigureAwait(false)).Database!;
            return await cluster.CreatePasswordCheckedRoleAsync("mc_password_checked", PasswordCheckedRolePassword, database).ConfigureAwait(false);
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The password of the role <see cref="PasswordCheckedDatabaseAsync"/> connects as.</summary>
    public const string PasswordCheckedRolePassword = "Corr3ct-h0rse";

    /// <summary>
    /// A database and a role whose password the server checks (scram-sha-256), unlike the rest of the cluster,
    /// which trusts loopback: a connection string without the password. Needs a cluster the tests started.
    /// </summary>
    public async Task<string> PasswordCheckedDatabaseAsync()
    {
        var cluster = await ClusterAsync().ConfigureAwait(false);
        TestEnvironment.RequireOrSkip(cluster.IsOwned, $"A password-checked role needs a cluster the tests start ({PostgresCluster.EnvironmentVariable} names another server).");
        return await _passwordChecked.Value.ConfigureAwait(false);
    }

    public async Task<PostgresCluster> ClusterAsync()
    {
        try
        {
            return await _cluster.Value.ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            TestEnvironment.RequireOrSkip(false, $"PostgreSQL is not available: {e.Message}");
            throw;
        }
    }

    /// <summary>A fresh, empty database on the cluster.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null) =>
        await (await ClusterAsync().ConfigureAwait(false)).CreateDatabaseAsync(prefix).ConfigureAwait(false);

    /// <summary>
    /// One database that many tests share, each in a schema of its own (creating a schema is far cheaper than
    /// creating a database). Same availability rules as <see cref="ClusterAsync"/>.
    /// </summary>
    public async Task<string> SharedDatabaseAsync()
    {
        await ClusterAsync().ConfigureAwait(false);
        return await _shared.Value.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster.IsValueCreated && _cluster.Value.IsCompletedSuccessfully)
        {
            await _cluster.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
