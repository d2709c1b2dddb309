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

    public abstract int? CommandTimeoutSeconds { get; }

    public abstract void Execute(SqlStatement statement, CancellationToken cancellationToken);

    public abstract bool TableExists(string table);

    public abstract bool ColumnExists(string table, string column);
}
