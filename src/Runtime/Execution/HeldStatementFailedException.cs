using System;
using System.Data.Common;

namespace MigrationChain.Execution;

/// <summary>
/// A statement the session held (<see cref="DatabaseSession.HoldStatement"/>) failed when it was finally sent, ahead
/// of something else (a guard query, the migration's own command). The migration's code had moved on since it handed
/// that statement over, so the failure carries the statement's text for <see cref="LiveExecutor"/> to name it.
/// </summary>
internal sealed class HeldStatementFailedException : Exception
{
    public HeldStatementFailedException(string statement, DbException error)
        : base(error.Message, error)
    {
        Statement = statement;
        Error = error;
    }

    public string Statement { get; }

    public DbException Error { get; }
}
