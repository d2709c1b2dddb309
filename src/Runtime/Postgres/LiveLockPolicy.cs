using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Threading;
using MigrationChain.Discovery;
using MigrationChain.Execution;
using MigrationChain.Sql;
using Npgsql;

namespace MigrationChain.Postgres;

/// <summary>
/// The lock policy while a migration runs: each statement is read with the shared SQL lock reading just before it is
/// sent, so a migration's <c>Upgrade</c> runs once (never offline first to learn its statements). Only a statement
/// that could break the policy (a lock stronger than SHARE UPDATE EXCLUSIVE, or a rewrite, on an existing relation)
/// needs the live facts. At the first statement of each <c>MigrationBuilder.Sql</c> call the whole text is known, so
/// the facts of every relation it locks strongly are read then, in one catalog query, and kept for the rest of the
/// migration: one round trip for a migration that is one <c>Sql</c> call, none for one that locks nothing strongly,
/// nothing when nothing is pending.
/// One instance per runner, so a migration retried after a lock timeout is warned about once.
/// </summary>
internal sealed class LiveLockPolicy
{
    private readonly MigrationRunnerOptions _options;
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    public LiveLockPolicy(MigrationRunnerOptions options)
    {
        _options = options;
    }

    // A runner may be used from several threads at once.
    private bool FirstTime(string warning)
    {
        lock (_warned)
        {
            return _warned.Add(warning);
        }
    }

    /// <summary>
    /// The check for one attempt at one migration, or null when there is nothing to check: the policy is off, the
    /// database is not PostgreSQL, or the step is a downgrade (a rollback is not stopped by the policy; see docs).
    /// </summary>
    public Gate? For(DatabaseSession session, MigrationDefinition definition, MigrationDirection direction) =>
        _options.LockPolicy == LockPolicy.Off || direction != MigrationDirection.Upgrade || session.Connection is not NpgsqlConnection connection
            ? null
            : new Gate(this, connection, definition, session as PostgresSession);

    /// <summary>One attempt at one migration: the facts read so far, by relation as the SQL names it.</summary>
    internal sealed class Gate
    {
        private readonly LiveLockPolicy _policy;
        private readonly PostgresSession? _session;
        private readonly NpgsqlConnection _connection;
        private readonly MigrationDefinition _definition;
        private readonly Dictionary<string, PostgresPreflight.RelationFacts?> _facts = new(StringComparer.Ordinal);
        private string? _batch;

        /// <summary>The session is the step's, whose pending limits travel with the catalog read; null outside a run (bench/Runtime).</summary>
        public Gate(LiveLockPolicy policy, NpgsqlConnection connection, MigrationDefinition definition, PostgresSession? session = null)
        {
            _policy = policy;
            _session = session;
            _connection = connection;
            _definition = definition;
        }

        /// <summary>Called just before the statement is sent: warns about it, or refuses it by throwing before it runs.</summary>
        public void BeforeExecute(SqlStatement statement, DbTransaction? transaction, int? commandTimeoutSeconds, CancellationToken cancellationToken)
        {
            if (!ReferenceEquals(statement.Source, _batch))
            {
                // The first statement of a MigrationBuilder.Sql call: the whole text is known, so the facts for every
                // relation its statements lock strongly are read now, in one round trip (usually one per migration).
                _batch = statement.Source;
                Read(SqlLockReading.Read(statement.Source), ahead: true, transaction, commandTimeoutSeconds, cancellationToken);
            }

            var locks = SqlLockReading.Read(SqlStatementClassifier.Classify(statement, SqlDialect.Postgres)).Where(l => l.Relation is not null).ToList();
            var judged = Read(locks, ahead: false, transaction, commandTimeoutSeconds, cancellationToken);
            foreach (var statementLock in judged)
            {
                var plan = PostgresPreflight.Judge(_definition, statement.Text, statementLock, _facts[statementLock.Relation!.Text], _policy._options);
                if (plan.Verdict == LockVerdict.Refused)
                {
                    throw Refusal(plan.Reason!, transaction is not null);
                }

                if (plan.Verdict == LockVerdict.Warned && _policy.FirstTime(_definition.Revision + "\n" + plan.Reason))
                {
                    _policy._options.Listener?.OnWarning(plan.Reason!);
                }
            }
        }

        /// <summary>
        /// Reads, in one query, the facts of the relations locked strongly that are not known yet, and returns those
        /// locks for the policy to judge. When a statement runs, the relations it creates are recorded as new (no
        /// facts: nobody else waits on them); read <paramref name="ahead"/> of the statements they are not, since a
        /// table the batch drops before creating it again is still the old one until then (one not there yet is
        /// simply not found).
        /// </summary>
        private List<StatementLock> Read(List<StatementLock> locks, bool ahead, DbTransaction? transaction, int? commandTimeoutSeconds, CancellationToken cancellationToken)
        {
            foreach (var created in locks.Where(l => !ahead && l.Relation is not null && l.Mode == PostgresLockMode.None))
            {
                _facts[created.Relation!.Text] = null;
            }

            var judged = locks.Where(l => l.Relation is not null && (l.BlocksWrites || l.Work == TableWork.Rewrite)).ToList();
            var createdEarlier = ahead ? CreatedBeforeTheirLocks(locks) : null;
            var unread = judged.Select(l => l.Relation!.Text)
                .Where(name => !_facts.ContainsKey(name) && createdEarlier?.Contains(name) != true)
                .Distinct(StringComparer.Ordinal).ToArray();
            if (unread.Length > 0)
            {
                // The catalog read sizes the tables, which locks them: under the step's lock timeout like its statements,
                // which travel ahead of it when it is the step's first round trip.
                var read = PostgresPreflight.Facts(_connection, transaction as NpgsqlTransaction, unread, commandTimeoutSeconds, cancellationToken,
                    sendFirst: _session?.TakeForCatalogRead(transaction));
                for (var i = 0; i < unread.Length; i++)
                {
                    _facts[unread[i]] = read[i];
                }
            }

            return judged;
        }

        /// <summary>
        /// The relations a plain <c>CREATE TABLE</c> of the batch creates before any strong lock on them: if that statement
        /// succeeds the table is new (nobody waits on it), and if it fails nothing after it runs, so reading its facts
        /// ahead would cost a round trip for nothing (a migration that creates a table and indexes it, the common case).
        /// Not with <c>IF NOT EXISTS</c> (the table may be the old one), and not once the batch drops or renames a
        /// table (the name may then stand for another one); those are read as before.
        /// </summary>
        private static HashSet<string>? CreatedBeforeTheirLocks(List<StatementLock> locks)
        {
            HashSet<string>? created = null;
            var locked = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statementLock in locks)
            {
                var statement = statementLock.Statement;
                if (statement.Kind == SqlStatementKind.DropTable
                    || statement.Actions.Any(a => a.Kind == AlterTableActionKind.RenameTable))
                {
                    return null;
                }

                if (statementLock.Relation is not { } relation)
                {
                    continue;
                }

                if (statement.Kind == SqlStatementKind.CreateTable && !statement.HasExistenceClause && !locked.Contains(relation.Text))
                {
                    (created ??= new HashSet<string>(StringComparer.Ordinal)).Add(relation.Text);
                }
                else if (statementLock.Mode != PostgresLockMode.None)
                {
                    locked.Add(relation.Text);
                }
            }

            return created;
        }

        // No Statement on the failure: the database said nothing (the reason quotes the statement itself).
        private MigrationFailedException Refusal(string reason, bool transactional) =>
            new(
                _definition.Revision, MigrationDirection.Upgrade, statement: null, new LockPolicyRefusedException(reason), cause: null,
                transactional
                    ? "MigrationRunnerOptions.LockPolicy = Refuse stopped it before that statement ran, and its earlier statements were " +
                      "rolled back: the database is at the last revision that succeeded."
                    : "MigrationRunnerOptions.LockPolicy = Refuse stopped it before that statement ran.");
    }
}

/// <summary>The lock policy refused a statement before it ran; the message names the statement, the table, its size and the safe recipe.</summary>
internal sealed class LockPolicyRefusedException : InvalidOperationException
{
    public LockPolicyRefusedException(string reason)
        : base(reason)
    {
    }
}
