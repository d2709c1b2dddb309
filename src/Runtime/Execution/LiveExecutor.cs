using System.Data.Common;
using System.Threading;
using MigrationChain.Sql;

namespace MigrationChain.Execution;

/// <summary>
/// Runs a migration's statements on the session's connection, inside the step's transaction if it has one. In a
/// step that commits on its own, where the session can (<see cref="DatabaseSession.CanHoldStatements"/>), the
/// statements are held and sent with the version row and the COMMIT, in one round trip; whatever must see the
/// database as the migration left it so far sends them first (a guard query, the lock check's catalog read). Once
/// the migration reaches for the connection itself (<see cref="Connection"/>, <see cref="Transaction"/>,
/// <c>CreateCommand</c>) or sets a <c>SAVEPOINT</c> (to catch a statement's failure), the rest of the step runs each
/// statement as it is given: its own commands and its error handling then see every statement as before.
/// </summary>
internal sealed class LiveExecutor : MigrationExecutor
{
    private readonly DatabaseSession _session;
    private readonly StepLimits _limits;
    private readonly Postgres.LiveLockPolicy.Gate? _lockGate;
    private readonly DbTransaction? _transaction;
    private readonly string _revision;
    private readonly MigrationDirection _direction;
    private bool _holding;

    public LiveExecutor(
        DatabaseSession session,
        DbTransaction? transaction,
        StepLimits limits,
        Postgres.LiveLockPolicy.Gate? lockGate,
        string revision,
        MigrationDirection direction,
        bool hold = false)
    {
        _session = session;
        _limits = limits;
        _lockGate = lockGate;
        _transaction = transaction;
        _revision = revision;
        _direction = direction;
        _holding = hold && transaction is not null && session.CanHoldStatements;
    }

    public override SqlDialect Dialect => _session.Dialect;

    /// <summary>For the migration's own commands: what the step holds is sent first, so they see it and run under its limits.</summary>
    public override DbConnection Connection
    {
        get
        {
            StopHolding();
            return _session.Connection;
        }
    }

    /// <summary>As <see cref="Connection"/>: the transaction also leads to the connection.</summary>
    public override DbTransaction? Transaction
    {
        get
        {
            StopHolding();
            return _transaction;
        }
    }

    public override bool InTransaction => _transaction is not null;

    public override int? CommandTimeoutSeconds => _session.CommandTimeoutFor(_limits);

    public override void Execute(SqlStatement statement, CancellationToken cancellationToken)
    {
        try
        {
            // The lock policy sees each statement just before it is sent (or held), so a refusal leaves it unrun; its
            // catalog read sends what is held first.
            _lockGate?.BeforeExecute(statement, _transaction, CommandTimeoutSeconds, cancellationToken);
            if (_holding && statement.StartsWith("SAVEPOINT"))
            {
                // The migration means to catch a failure and roll back to here: from now on it must see each one.
                StopHolding();
            }

            if (_holding)
            {
                _session.HoldStatement(_transaction!, statement.Text, CommandTimeoutSeconds);
            }
            else
            {
                _session.ExecuteStatement(_transaction, statement.Text, CommandTimeoutSeconds, cancellationToken);
            }
        }
        catch (HeldStatementFailedException e)
        {
            throw Named(e);
        }
    }

    public override bool TableExists(string table)
    {
        try
        {
            return _session.TableExists(_transaction, table);
        }
        catch (HeldStatementFailedException e)
        {
            throw Named(e);
        }
    }

    public override bool ColumnExists(string table, string column)
    {
        try
        {
            return _session.ColumnExists(_transaction, table, column);
        }
        catch (HeldStatementFailedException e)
        {
            throw Named(e);
        }
    }

    public override string? ExplainFailure(DbException error) => _session.ExplainFailure(error, _limits);

    private void StopHolding()
    {
        _holding = false;
        try
        {
            _session.SendHeld();
        }
        catch (HeldStatementFailedException e)
        {
            throw Named(e);
        }
    }

    /// <summary>
    /// A held statement that failed when something else sent it is that statement's failure, named as if it had failed
    /// when the migration gave it (what the migration is doing now never reached the database).
    /// </summary>
    private MigrationFailedException Named(HeldStatementFailedException e) =>
        new(_revision, _direction, e.Statement, e.Error, _session.ExplainFailure(e.Error, _limits), detail: null);
}
