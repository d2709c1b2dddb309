using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using MigrationChain.Sql;

namespace MigrationChain.Execution;

/// <summary>
/// Writes down what a migration would run instead of running it, for <see cref="MigrationRunner.Script"/>.
/// Anything that needs an answer from the database (a guard question, the connection itself) cannot be answered
/// truthfully offline: it stops the migration and records why, so the script says so instead of guessing.
/// </summary>
internal sealed class OfflineExecutor : MigrationExecutor
{
    private readonly List<string> _statements = new();

    public OfflineExecutor(SqlDialect dialect, bool transactional)
    {
        Dialect = dialect;
        InTransaction = transactional;
    }

    public override SqlDialect Dialect { get; }

    public override bool InTransaction { get; }

    public override DbConnection Connection =>
        throw NeedsLiveConnection("it uses MigrationBuilder.Connection or CreateCommand to work on rows itself, and what it " +
                                  "sends depends on what it reads");

    public override DbTransaction? Transaction =>
        throw NeedsLiveConnection("it uses MigrationBuilder.Transaction to run commands of its own");

    public override int? CommandTimeoutSeconds => null;

    /// <summary>The statements recorded so far, in order, as they would be sent.</summary>
    public IReadOnlyList<string> Statements => _statements;

    /// <summary>Why the migration cannot be scripted, or null when it could.</summary>
    public string? LiveConnectionReason { get; private set; }

    public override void Execute(SqlStatement statement, CancellationToken cancellationToken) => _statements.Add(statement.Text);

    public override bool TableExists(string table) =>
        throw NeedsLiveConnection($"it asks TableExists(\"{table}\") to decide what to run");

    public override bool ColumnExists(string table, string column) =>
        throw NeedsLiveConnection($"it asks ColumnExists(\"{table}\", \"{column}\") to decide what to run");

    private LiveConnectionRequiredException NeedsLiveConnection(string reason)
    {
        // Kept even if the migration catches the exception: its later statements would rest on a made-up answer.
        LiveConnectionReason ??= reason;
        return new LiveConnectionRequiredException(reason);
    }
}

/// <summary>A migration asked the database something while being scripted offline.</summary>
internal sealed class LiveConnectionRequiredException : InvalidOperationException
{
    public LiveConnectionRequiredException(string reason)
        : base($"This migration needs a live connection: {reason}. It cannot be written into an offline script.")
    {
    }
}
