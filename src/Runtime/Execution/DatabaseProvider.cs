using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Sql;

namespace MigrationChain.Execution;

/// <summary>A database the runner can migrate: opens sessions, and says how it names itself in messages.</summary>
internal abstract class DatabaseProvider
{
    public abstract SqlDialect Dialect { get; }

    /// <summary>The database for humans, without secrets (e.g. a file path, or host/database).</summary>
    public abstract string Description { get; }

    public abstract Task<DatabaseSession> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The bookkeeping SQL for offline scripts; needs no connection.</summary>
    public abstract ScriptDialect CreateScriptDialect();
}
