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

    private readonly DbTransaction? _transaction;

    public LiveExecutor(DatabaseSession session, DbTransaction? transaction, StepLimits limits, Postgres.LiveLockPolicy.Gate? lockGate = null)
    {
        _session = session;
        _limits = limits;
        _lockGate = lockGate;
        _transaction = transaction;
    }

    public override SqlDialect Dialect => _session.Dialect;

    /// <summary>For the migration's own commands: the step's limits are sent first, so they cover those too.</summary>
    public override DbConnection Connection
    {
        get
        {
            _session.SendPendingLimits();
            return _session.Connection;
        }
    }

    /// <summary>As <see cref="Connection"/>: the transaction also leads to the connection.</summary>
    public override DbTransaction? Transaction
    {
        get
        {
            _session.SendPendingLimits();
            return _transaction;
        }
    }

    public override bool InTransaction => _transaction is not null;

    public override int? CommandTimeoutSeconds => _session.CommandTimeoutFor(_limits);

    public override void Execute(SqlStatement statement, CancellationToken cancellationToken)
    {
        // The lock policy sees each statement just before it is sent, so a refusal leaves it unrun.
        _lockGate?.BeforeExecute(statement, _transaction, CommandTimeoutSeconds, cancellationToken);
        _session.ExecuteStatement(_transaction, statement.Text, CommandTimeoutSeconds, cancellationToken);
    }

    public override bool TableExists(string table) => _session.TableExists(Transaction, table);

    public override bool ColumnExists(string table, string column) => _session.ColumnExists(Transaction, table, column);

    public override string? ExplainFailure(DbException error) => _session.ExplainFailure(error, _limits);
}
