using System.Data.Common;
using MigrationChain.Discovery;
using MigrationChain.Execution;
using MigrationChain.Planning;
using MigrationChain.Sql;

namespace MigrationChain.Runtime.Tests.Execution;

/// <summary>
/// A real provider (SQLite or PostgreSQL) whose sessions are watched: every version-table read is counted, and a test
/// can run code just before a session takes its write lock. Everything else goes straight to the real session.
/// </summary>
internal sealed class ObservedProvider(DatabaseProvider inner) : DatabaseProvider
{
    private int _reads;

    /// <summary>Version-table reads by every session of this provider so far.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Runs before each <c>BeginWriteAsync</c>, with how many this provider's sessions have begun before.</summary>
    public Func<int, Task>? BeforeWrite { get; set; }

    private int _writes;

    public override SqlDialect Dialect => inner.Dialect;

    public override string Description => inner.Description;

    public override async Task<DatabaseSession> OpenAsync(CancellationToken cancellationToken) =>
        new ObservedSession(this, await inner.OpenAsync(cancellationToken));

    public override ScriptDialect CreateScriptDialect() => inner.CreateScriptDialect();

    /// <summary>An engine over this provider, as a runner would build it.</summary>
    public MigrationEngine Engine(IEnumerable<Type> migrations, MigrationRunnerOptions? options = null) =>
        new(this, MigrationCatalog.FromTypes(migrations), options ?? new MigrationRunnerOptions());

    private sealed class ObservedSession(ObservedProvider owner, DatabaseSession real) : DatabaseSession
    {
        public override SqlDialect Dialect => real.Dialect;

        public override DbConnection Connection => real.Connection;

        public override int? CommandTimeoutSeconds => real.CommandTimeoutSeconds;

        public override Task<VersionTableSnapshot> ReadAsync(DbTransaction? transaction, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._reads);
            return real.ReadAsync(transaction, cancellationToken);
        }

        public override Task<IReadOnlyList<string>> UserTablesAsync(CancellationToken cancellationToken) => real.UserTablesAsync(cancellationToken);

        public override Task EnsureVersionTableAsync(CancellationToken cancellationToken) => real.EnsureVersionTableAsync(cancellationToken);

        public override Task<IAsyncDisposable> AcquireRunLockAsync(CancellationToken cancellationToken) => real.AcquireRunLockAsync(cancellationToken);

        public override async Task<(DbTransaction Transaction, bool Stale)> BeginWriteAsync(CancellationToken cancellationToken)
        {
            if (owner.BeforeWrite is { } hook)
            {
                await hook(Interlocked.Increment(ref owner._writes) - 1);
            }

            return await real.BeginWriteAsync(cancellationToken);
        }

        public override Task WriteRowAsync(DbTransaction? transaction, VersionRow row, CancellationToken cancellationToken) =>
            real.WriteRowAsync(transaction, row, cancellationToken);

        public override Task DeleteRowAsync(DbTransaction? transaction, string revision, CancellationToken cancellationToken) =>
            real.DeleteRowAsync(transaction, revision, cancellationToken);

        public override Task RewriteRowAsync(DbTransaction? transaction, VersionRow row, CancellationToken cancellationToken) =>
            real.RewriteRowAsync(transaction, row, cancellationToken);

        public override Task<IAsyncDisposable> AcquireStepLockAsync(CancellationToken cancellationToken) => real.AcquireStepLockAsync(cancellationToken);

        public override Task<bool> IsStepInProgressElsewhereAsync(CancellationToken cancellationToken) => real.IsStepInProgressElsewhereAsync(cancellationToken);

        public override Task<IAsyncDisposable> LimitStepAsync(DbTransaction? transaction, StepLimits limits, CancellationToken cancellationToken) =>
            real.LimitStepAsync(transaction, limits, cancellationToken);

        public override int? CommandTimeoutFor(StepLimits limits) => real.CommandTimeoutFor(limits);

        public override string? ExplainFailure(DbException error, StepLimits limits) => real.ExplainFailure(error, limits);

        public override string? FailedStatement(DbException error) => real.FailedStatement(error);

        public override bool TableExists(DbTransaction? transaction, string table) => real.TableExists(transaction, table);

        public override bool ColumnExists(DbTransaction? transaction, string table, string column) => real.ColumnExists(transaction, table, column);

        public override CancellationTokenRegistration InterruptOnCancel(CancellationToken cancellationToken) => real.InterruptOnCancel(cancellationToken);

        public override Task<string?> BackupAsync(CancellationToken cancellationToken) => real.BackupAsync(cancellationToken);

        public override Exception? AsLockTimeout(Exception exception) => real.AsLockTimeout(exception);

        public override ValueTask DisposeAsync() => real.DisposeAsync();
    }
}
