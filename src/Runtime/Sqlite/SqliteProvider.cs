using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MigrationChain.Execution;
using MigrationChain.Sql;

namespace MigrationChain.Sqlite;

/// <summary>SQLite through Microsoft.Data.Sqlite: the embedded default.</summary>
internal sealed class SqliteProvider : DatabaseProvider
{
    private readonly string _connectionString;
    private readonly string _atHeadConnectionString;
    private readonly MigrationRunnerOptions _options;

    public SqliteProvider(string connectionString, MigrationRunnerOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);

        // Microsoft.Data.Sqlite retries a busy database until the default timeout: that is the lock wait.
        var lockWait = (int)Math.Ceiling(options.LockTimeout.TotalSeconds);
        _connectionString = WithDefaultTimeout(connectionString, lockWait);

        // The at-head question waits at most a second for a busy database (0 stays "no limit", as configured): on a
        // busy file it answers "cannot tell" and the engine then waits the lock timeout once, not twice.
        _atHeadConnectionString = WithDefaultTimeout(connectionString, Math.Min(lockWait, 1));
        _options = options;
        VersionTable = SqliteNames.Quote(options.VersionTable);
        IsInMemory = builder.Mode == SqliteOpenMode.Memory
            || string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal)
            || builder.DataSource.Length == 0;
        FilePath = IsInMemory ? null : Path.GetFullPath(builder.DataSource);

        // With a shared cache, connections of this process share one pager and PRAGMA data_version does not see each
        // other's commits; an attached schema has counters of its own.
        CanRememberAtHead = !IsInMemory && builder.Cache != SqliteCacheMode.Shared && string.Equals(SqliteNames.Split(options.VersionTable).Schema, "main", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The connection string with its default timeout set: appended as a last keyword, which overrides any earlier one
    /// (or its alias) as the driver parses it, instead of rebuilding the string with the builder's ToString (code a
    /// start would JIT-compile for this alone). The string was parsed once already, so it is well formed.
    /// </summary>
    internal static string WithDefaultTimeout(string connectionString, int seconds)
    {
        var separator = connectionString.AsSpan().TrimEnd().EndsWith(";", StringComparison.Ordinal) || connectionString.Trim().Length == 0 ? string.Empty : ";";
        return connectionString + separator + "Default Timeout=" + seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <see cref="SqliteAtHeadMemo"/> can tell this database is unchanged since it was at head.</summary>
    public bool CanRememberAtHead { get; }

    public override SqlDialect Dialect => SqlDialect.Sqlite;

    public override string Description => FilePath is null ? "The in-memory SQLite database" : $"SQLite database '{FilePath}'";

    /// <summary>The version table's name, quoted.</summary>
    public string VersionTable { get; }

    public string VersionTableName => _options.VersionTable;

    public bool IsInMemory { get; }

    /// <summary>The database file, or null in memory.</summary>
    public string? FilePath { get; }

    public TimeSpan LockTimeout => _options.LockTimeout;

    /// <summary>The journal mode asked for; null: WAL for a database the runner creates, an existing one's own otherwise.</summary>
    public SqliteJournalMode? JournalMode => _options.SqliteJournalMode;

    public MigrationListener? Listener => _options.Listener;

    public override ScriptDialect CreateScriptDialect() => new SqliteScriptDialect(VersionTable);

    /// <summary>
    /// Answers for synchronous and asynchronous callers alike: Microsoft.Data.Sqlite runs its asynchronous methods
    /// synchronously, so this is what the engine's first read would do, minus the machinery around it.
    /// A database error (a file that cannot be opened, a database still busy after a second) is "cannot tell": the
    /// engine then meets it on its own first read and reports it as it always did, in the task for async callers.
    /// A file that does not exist is not at head, and is not created by asking.
    /// </summary>
    public override bool? IsAtHead(AtHeadFingerprint expected, bool callerIsAsync)
    {
        if (FilePath is not null && !File.Exists(FilePath))
        {
            return false;
        }

        try
        {
            using var connection = new SqliteConnection(_atHeadConnectionString);
            connection.Open();
            return new SqliteSession(this, connection).IsAtHead(expected);
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    public override async Task<DatabaseSession> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return new SqliteSession(this, connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
