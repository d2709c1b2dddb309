using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Postgres;

namespace MigrationChain;

public sealed partial class MigrationRunner
{
    /// <summary>
    /// PostgreSQL: what the pending migrations (those <see cref="UpgradeHead()"/> would apply) would lock, statement by
    /// statement: table, lock mode, scan or rewrite, estimated rows, total size, sessions holding conflicting locks,
    /// and the lock policy's verdict. Reads the catalog only; takes no lock and changes nothing.
    /// </summary>
    public IReadOnlyList<StatementLockPlan> Plan() => Wait(PlanAsync(CancellationToken.None));

    /// <inheritdoc cref="Plan()"/>
    public async Task<IReadOnlyList<StatementLockPlan>> PlanAsync(CancellationToken cancellationToken = default)
    {
        if (Engine.Provider is not PostgresProvider postgres)
        {
            throw new InvalidOperationException("Plan() reads PostgreSQL's lock table and catalog; this runner migrates SQLite, which locks the whole database file for every write.");
        }

        var pending = await PendingAsync(cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            return Array.Empty<StatementLockPlan>();
        }

        var catalog = _catalog.Value;
        var definitions = pending.Select(revision => catalog.Definitions[catalog.Graph.TryGetIndex(revision, out var node) ? node : -1]).ToList();
        // The statements' unqualified names resolve as they will when the migrations run: in the tenant's schema.
        var connection = await postgres.OpenInSchemaAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PostgresPreflight.PlanAsync(connection, definitions, Options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await postgres.CloseAsync(connection).ConfigureAwait(false);
        }
    }
}
