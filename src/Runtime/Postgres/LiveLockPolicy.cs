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
/// needs the live facts; they are read in one catalog query for all the relations it names that this migration has
/// not read yet, and kept for the rest of it. Nothing pending, nothing read.
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

    /// <summary>
    /// The check for one attempt at one migration, or null when there is nothing to check: the policy is off, the
    /// database is not PostgreSQL, or the step is a downgrade (a rollback is not stopped by the policy; see docs).
    /// </summary>
    public Gate? For(DatabaseSession session, MigrationDefinition definition, MigrationDirection direction) =>
        _options.LockPolicy == LockPolicy.Off || direction != MigrationDirection.Upgrade || session.Connection is not NpgsqlConnection connection
            ? null
            : new Gate(this, connection, definition);

    /// <summary>One attempt at one migration: the facts read so far, by relation as the SQL names it.</summary>
    internal sealed class Gate
    {
        private readonly LiveLockPolicy _policy;
        private readonly NpgsqlConnection _connection;
        private readonly MigrationDefinition _definition;
        private readonly Dictionary<string, PostgresPreflight.RelationFacts?> _facts = new(StringComparer.Ordinal);

        public Gate(LiveLockPolicy policy, NpgsqlConnection connection, MigrationDefinition definition)
        {
            _policy = policy;
            _connection = connection;
            _definition = definition;
        }

        /// <summary>Called just before the statement is sent: warns about it, or refuses it by throwing before it runs.</summary>
        public void BeforeExecute(SqlStatement statement, DbTransaction? transaction, int? commandTimeoutSeconds, CancellationToken cancellationToken)
        {
            var locks = SqlLockReading.Read(SqlStatementClassifier.Classify(statement, SqlDialect.Postgres)).Where(l => l.Relation is not null).ToList();
            foreach (var created in locks.Where(l => l.Mode == PostgresLockMode.None))
            {
                // Created by this migration, in its own transaction or just now: nobody else waits on it.
                _facts[created.Relation!.Text] = null;
            }

            var judged = locks.Where(l => l.BlocksWrites || l.Work == TableWork.Rewrite).ToList();
            var unread = judged.Select(l => l.Relation!.Text).Where(name => !_facts.ContainsKey(name)).Distinct(StringComparer.Ordinal).ToArray();
            if (unread.Length > 0)
            {
                var read = PostgresPreflight.Facts(_connection, transaction as NpgsqlTransaction, unread, commandTimeoutSeconds, cancellationToken);
                for (var i = 0; i < unread.Length; i++)
                {
                    _facts[unread[i]] = read[i];
                }
            }

            foreach (var statementLock in judged)
            {
                var plan = PostgresPreflight.Judge(_definition, statement.Text, statementLock, _facts[statementLock.Relation!.Text], _policy._options);
                if (plan.Verdict == LockVerdict.Refused)
                {
                    throw Refusal(plan.Reason!, transaction is not null);
                }

                if (plan.Verdict == LockVerdict.Warned && _policy._warned.Add(_definition.Revision + "\n" + plan.Reason))
                {
                    _policy._options.Listener?.OnWarning(plan.Reason!);
                }
            }
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
