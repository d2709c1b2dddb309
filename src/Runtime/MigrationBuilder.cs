using System;
using System.Data.Common;
using System.Linq;
using System.Threading;
using MigrationChain.Execution;
using MigrationChain.Sql;

namespace MigrationChain;

/// <summary>
/// What a migration uses to change the database: run SQL, ask guard questions, and reach the open connection and
/// transaction for data migrations. Everything runs in the step's transaction, so a failure undoes all of it.
/// </summary>
public sealed class MigrationBuilder
{
    private readonly MigrationExecutor _executor;

    internal MigrationBuilder(string revision, MigrationDirection direction, MigrationExecutor executor, CancellationToken cancellationToken)
    {
        Revision = revision;
        Direction = direction;
        _executor = executor;
        CancellationToken = cancellationToken;
    }

    /// <summary>The revision being applied or undone.</summary>
    public string Revision { get; }

    /// <summary>Whether <see cref="Migration.Upgrade"/> or <see cref="Migration.Downgrade"/> is running.</summary>
    public MigrationDirection Direction { get; }

    /// <summary>The SQL dialect of the database (write dialect-specific SQL against it when you must).</summary>
    public SqlDialect Dialect => _executor.Dialect;

    /// <summary>Cancelled when the caller of the runner cancels; long data migrations should pass it on.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The open connection, for data migrations (reading and copying rows).</summary>
    public DbConnection Connection => _executor.Connection;

    /// <summary>The step's transaction; null for a migration declared <c>Transactional = false</c>.</summary>
    public DbTransaction? Transaction => _executor.Transaction;

    /// <summary>
    /// Runs SQL. The text may hold several statements; they run one by one, so a failure names the statement.
    /// Statements that end or start transactions are refused in a transactional migration: the runner owns the
    /// transaction that keeps the migration and its version row together. On PostgreSQL, in a migration with a
    /// transaction of its own, the statements may be sent later, with the version row and the COMMIT in one round
    /// trip: a failure is then thrown by the run, naming the migration and the statement all the same. A migration that
    /// catches failures sends a <c>SAVEPOINT</c> first; from then on each statement runs (and fails) here.
    /// </summary>
    /// <exception cref="MigrationFailedException">A statement failed; the message names it and the database's error.</exception>
    public void Sql(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);

        foreach (var statement in SqlStatementSplitter.Split(sql, Dialect))
        {
            CancellationToken.ThrowIfCancellationRequested();
            if (_executor.InTransaction && IsTransactionControl(statement))
            {
                throw new MigrationFailedException(
                    Revision,
                    Direction,
                    statement.Text,
                    new InvalidOperationException("The statement ends or starts a transaction."),
                    "The runner runs each migration and its version row in one transaction; remove transaction " +
                    "statements from the SQL, or declare the migration Transactional = false.");
            }

            try
            {
                _executor.Execute(statement, CancellationToken);
            }
            catch (Exception e) when (CancellationToken.IsCancellationRequested && e is DbException or InvalidOperationException)
            {
                // The driver reports a cancelled command as its own error; the caller asked for a cancellation.
                throw new OperationCanceledException($"Cancelled while running a statement of '{Revision}'.", e, CancellationToken);
            }
            catch (DbException e)
            {
                throw new MigrationFailedException(Revision, Direction, statement.Text, e, _executor.ExplainFailure(e), detail: null);
            }
        }
    }

    /// <summary>True when the table (optionally <c>schema.table</c>) exists; use it to guard changes to tables that may not.</summary>
    public bool TableExists(string table) => _executor.TableExists(table ?? throw new ArgumentNullException(nameof(table)));

    /// <summary>True when the table exists and has the column.</summary>
    public bool ColumnExists(string table, string column) =>
        _executor.ColumnExists(table ?? throw new ArgumentNullException(nameof(table)), column ?? throw new ArgumentNullException(nameof(column)));

    /// <summary>A command on the migration's connection and transaction, for data migrations with parameters.</summary>
    public DbCommand CreateCommand(string? sql = null)
    {
        // The command runs without the token (the caller executes it), and a cancellation the session relayed to the
        // server while nothing ran there (PostgreSQL's pg_cancel_backend stops only the statement running) is lost:
        // refuse here, after the held statements went out, as Sql() does before each statement.
        var connection = Connection;
        CancellationToken.ThrowIfCancellationRequested();
        var command = connection.CreateCommand();
        command.Transaction = Transaction;
        if (_executor.CommandTimeoutSeconds is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        if (sql is not null)
        {
            command.CommandText = sql;
        }

        return command;
    }

    // ABORT is PostgreSQL's synonym of ROLLBACK; no SQLite statement starts with it (INSERT OR ABORT starts with INSERT).
    private static bool IsTransactionControl(SqlStatement statement) =>
        statement.StartsWith("BEGIN")
        || statement.StartsWith("START", "TRANSACTION")
        || statement.StartsWith("COMMIT")
        || statement.StartsWith("END")
        || statement.StartsWith("ABORT")
        || (statement.StartsWith("ROLLBACK") && !statement.Tokens.Any(t => t.IsKeyword(statement.Source, "TO")));
}
