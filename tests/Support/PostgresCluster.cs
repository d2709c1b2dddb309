using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace MigrationChain.Testing.Support;

/// <summary>
/// A real PostgreSQL server for tests: a throwaway cluster made with the installed server binaries (initdb and
/// pg_ctl into a temporary folder, on a free loopback port; run as the <c>postgres</c> user when the tests run as
/// root), or the server named by <c>MIGRATIONCHAIN_TEST_POSTGRES</c> when that variable holds a connection string.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>Names a server to use instead of starting one (an Npgsql connection string to a superuser).</summary>
    public const string EnvironmentVariable = "MIGRATIONCHAIN_TEST_POSTGRES";

    private readonly string? _dataDirectory;
    private readonly string? _binDirectory;
    private int _databases;

    private PostgresCluster(string adminConnectionString, string? dataDirectory, string? binDirectory)
    {
        AdminConnectionString = adminConnectionString;
        _dataDirectory = dataDirectory;
        _binDirectory = binDirectory;
    }

    /// <summary>A superuser connection to the <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>True when this object started the server (and so stops it).</summary>
    public bool IsOwned => _dataDirectory is not null;

    /// <summary>The server's data folder (for reading its log), or null for an external server.</summary>
    public string? DataDirectory => _dataDirectory;

    public static Task<PostgresCluster> StartAsync(bool durable = false, CancellationToken cancellationToken = default) =>
        StartAsync(durable, Array.Empty<string>(), cancellationToken);

    /// <summary>
    /// Starts a cluster as <see cref="StartAsync(bool, CancellationToken)"/> does, with more server settings
    /// (<c>name=value</c>, e.g. a benchmark's <c>shared_preload_libraries=pg_stat_statements</c>). A server named by
    /// <see cref="EnvironmentVariable"/> is used as it is: its settings are its own.
    /// </summary>
    public static async Task<PostgresCluster> StartAsync(bool durable, IReadOnlyList<string> serverSettings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverSettings);
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var cluster = new PostgresCluster(external, null, null);
            await cluster.PingAsync(cancellationToken).ConfigureAwait(false);
            return cluster;
        }

        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install the 'postgresql' package " +
            $"(the README's test command does), or set {EnvironmentVariable} to a connection string.");

        var data = Path.Combine(Path.GetTempPath(), $"mc-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(data);
        if (TestEnvironment.IsRoot)
        {
            await RunAsync("chown", new[] { "postgres:postgres", data }, asPostgres: false, cancellationToken).ConfigureAwait(false);
        }

        var port = FreePort();
        await RunAsync(Path.Combine(bin, "initdb"),
            new[] { "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync" },
            TestEnvironment.IsRoot, cancellationToken).ConfigureAwait(false);

        var settings = new List<string>
        {
            $"-p {port}", $"-k {data}", "-c listen_addresses=127.0.0.1", "-c max_connections=300",
            "-c shared_buffers=64MB", "-c log_min_messages=warning",
        };
        settings.AddRange(serverSettings.Select(setting => "-c " + setting));
        if (!durable)
        {
            // Tests never crash the server itself, only clients; durability would only cost time.
            settings.AddRange(new[] { "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off" });
        }

        await RunAsync(Path.Combine(bin, "pg_ctl"),
            new[] { "-D", data, "-l", Path.Combine(data, "server.log"), "-o", string.Join(' ', settings), "-w", "-t", "60", "start" },
            TestEnvironment.IsRoot, cancellationToken).ConfigureAwait(false);

        var started = new PostgresCluster(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=15;Include Error Detail=true",
            data,
            bin);
        await started.PingAsync(cancellationToken).ConfigureAwait(false);
        return started;
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var unique = $"{prefix ?? "test"}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        var name = unique[..Math.Min(unique.Length, 50)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    /// <summary>
    /// A login role whose password the server really checks: the cluster trusts every loopback connection, so a line
    /// for this one role, asking for scram-sha-256, goes first in pg_hba.conf (the first matching line wins) and the
    /// server reloads it. Only for a cluster this object started; returns a connection string without the password.
    /// </summary>
    public async Task<string> CreatePasswordCheckedRoleAsync(string role, string password, string database, CancellationToken cancellationToken = default)
    {
        if (_dataDirectory is null)
        {
            throw new InvalidOperationException($"A password-checked role needs a cluster the tests started; {EnvironmentVariable} names another server.");
        }

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var escaped = password.Replace("'", "''", StringComparison.Ordinal);
            await using var command = new NpgsqlCommand(
                $"SET password_encryption = 'scram-sha-256'; CREATE ROLE \"{role}\" LOGIN PASSWORD '{escaped}'; ALTER DATABASE \"{database}\" OWNER TO \"{role}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            var hba = Path.Combine(_dataDirectory, "pg_hba.conf");
            var rules = $"host all {role} 127.0.0.1/32 scram-sha-256\nhost all {role} ::1/128 scram-sha-256\n";
            await File.WriteAllTextAsync(hba, rules + await File.ReadAllTextAsync(hba, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The reload is asynchronous: wait until the server asks this role for its password.
        var target = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Username = role, Database = database, Password = password + "-wrong" }.ToString();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await using var probe = new NpgsqlConnection(target);
                await probe.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == "28P01")
            {
                return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Username = role, Database = database }.ToString();
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException("The server did not start checking the role's password after pg_reload_conf().");
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataDirectory is null || _binDirectory is null)
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), new[] { "-D", _dataDirectory, "-m", "immediate", "-w", "stop" },
                TestEnvironment.IsRoot, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A PostgreSQL client program (psql, pg_dump) from the installed server's folder or the PATH, or null when none is
    /// installed (e.g. when <see cref="EnvironmentVariable"/> points at a server elsewhere).
    /// </summary>
    public static string? FindClientTool(string name)
    {
        var folders = new List<string>();
        if (FindBinaries() is { } bin)
        {
            folders.Add(bin);
        }

        folders.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
    }

    private static string? FindBinaries()
    {
        var candidates = new List<string>();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange(new[] { "/usr/local/pgsql/bin", "/usr/local/bin", "/usr/bin" });
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        // initdb refuses to run as root; runuser drops to the postgres user the Debian package creates.
        var (program, args) = asPostgres
            ? ("runuser", new[] { "-u", "postgres", "--", file }.Concat(arguments).ToArray())
            : (file, arguments.ToArray());
        var result = await ProcessRunner.RunAsync(program, args, workingDirectory: Path.GetTempPath(),
            timeout: TimeSpan.FromMinutes(2), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed: {result}");
        }
    }
}
