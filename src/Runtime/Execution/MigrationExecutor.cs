using System.Data.Common;
using System.Threading;
using MigrationChain.Sql;

namespace MigrationChain.Execution;

/// <summary>
/// What a <see cref="MigrationBuilder"/> does with the statements a migration hands it: run them on a live
/// connection, or (for offline scripts) write them down.
/// </summary>
internal abstract class MigrationExecutor
{
    public abstract SqlDialect Dialect { get; }

    public abstract DbConnection Connection { get; }

    public abstract DbTransaction? Transaction { get; }

    /// <summary>True when the migration runs inside the runner's transaction (so it may not end or start one).</summary>
    public abstract bool InTransaction { get; }

    public abstract int? CommandTimeoutSeconds { get; }

    public abstract void Execute(SqlStatement statement, CancellationToken cancellationToken);

    public abstract bool TableExists(string table);

    public abstract bool ColumnExists(string table, string column);

    /// <summary>What the database's error means for the person fixing the migration, beyond its own message.</summary>
    public virtual string? ExplainFailure(DbException error) => null;
}
