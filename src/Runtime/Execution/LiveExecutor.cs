using System.Data.Common;
using System.Threading;
using MigrationChain.Sql;

namespace MigrationChain.Execution;

/// <summary>Runs a migration's statements on the session's connection, inside the step's transaction if it has one.</summary>
internal sealed class LiveExecutor : MigrationExecutor
{
    private readonly DatabaseSession _session;
    private readonly StepLimits _limits;
    private readonly Postgres.LiveLockPolicy.Gate? _lockGate;

    public LiveExecutor(DatabaseSession session, DbTransaction? transaction, StepLimits limits, Postgres.LiveLockPolicy.Gate? lockGate = null)
    {
        _session = session;
        _limits = limits;
        _lockGate = lockGate;
        Transaction = transaction;
    }

    public override SqlDialect Dialect => _session.Dialect;

    public override DbConnection Connection => _session.Connection;

    public override DbTransaction? Transaction { get; }

    public override bool InTransaction => Transaction is not null;

    public override int? CommandTimeoutSeconds => _session.CommandTimeoutFor(_limits);

    public override void Execute(SqlStatement statement, CancellationToken cancellationToken)
    {
        // The lock policy sees each statement just before it is sent, so a refusal leaves it unrun.
        _lockGate?.BeforeExecute(statement, Transaction, CommandTimeoutSeconds, cancellationToken);
        using var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = statement.Text;
        if (CommandTimeoutSeconds is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        using var cancel = cancellationToken.Register(static c => ((DbCommand)c!).Cancel(), command);
        command.ExecuteNonQuery();
    }

    public override bool TableExists(string table) => _session.TableExists(Transaction, table);

    public override bool ColumnExists(string table, string column) => _session.ColumnExists(Transaction, table, column);

    public override string? ExplainFailure(DbException error) => _session.ExplainFailure(error, _limits);
}
