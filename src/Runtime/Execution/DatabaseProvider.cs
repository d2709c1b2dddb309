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

    /// <summary>
    /// Whether the version table holds exactly <paramref name="expected"/>'s rows, asked on a connection of its own
    /// without the asynchronous core (<see cref="AtHeadShortcut"/>); null when this provider cannot answer that way,
    /// e.g. for an asynchronous caller whose driver really waits (the engine then asks through a session).
    /// </summary>
    public virtual bool? IsAtHead(AtHeadFingerprint expected, bool callerIsAsync) => null;

    /// <summary>
    /// <see cref="IsAtHead(AtHeadFingerprint, bool)"/> for a caller that runs the engine next when the answer is not
    /// "at head": a provider whose question already read what the engine's first read would (PostgreSQL: the rows
    /// come back in the same statement) hands over that session in <paramref name="opened"/>, primed with that read,
    /// so a database with work or drift costs no round trip more than before. The caller then owns it.
    /// </summary>
    public virtual bool? IsAtHead(AtHeadFingerprint expected, bool callerIsAsync, out DatabaseSession? opened)
    {
        opened = null;
        return IsAtHead(expected, callerIsAsync);
    }

    /// <summary>
    /// For an asynchronous caller whose driver really waits (PostgreSQL), the same question through the driver's
    /// asynchronous API, with the same hand-over as the synchronous one: (true, null) at head, (false, the session,
    /// primed) otherwise; null when this provider does not ask this way (the engine then asks through a session).
    /// </summary>
    public virtual Task<(bool AtHead, DatabaseSession? Opened)>? IsAtHeadAsync(AtHeadFingerprint expected, CancellationToken cancellationToken) => null;

    /// <summary>The bookkeeping SQL for offline scripts; needs no connection.</summary>
    public abstract ScriptDialect CreateScriptDialect();
}
