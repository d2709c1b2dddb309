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
    /// and the lock policy's verdict. Reads the catalog only; takes no lock and changes nothing. Each migration's
    /// <c>Upgrade</c> is run offline to record its statements, as <see cref="Script"/> does.
    /// </summary>
    public IReadOnlyList<StatementLockPlan> Plan() => Wait(PlanAsync("heads", CancellationToken.None));

    /// <summary>
    /// <see cref="Plan()"/> for the migrations <see cref="Upgrade(string)"/> would apply to reach
    /// <paramref name="target"/> (a revision, <c>head</c>, <c>heads</c>, <c>+N</c>, <c>label@head</c>).
    /// </summary>
    public IReadOnlyList<StatementLockPlan> Plan(string target) => Wait(PlanAsync(target, CancellationToken.None));

    /// <inheritdoc cref="Plan()"/>
    public Task<IReadOnlyList<StatementLockPlan>> PlanAsync(CancellationToken cancellationToken = default) => PlanAsync("heads", cancellationToken);

    /// <inheritdoc cref="Plan(string)"/>
    public async Task<IReadOnlyList<StatementLockPlan>> PlanAsync(string target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Engine.Provider is not PostgresProvider postgres)
        {
            throw new InvalidOperationException("Plan() reads PostgreSQL's lock table and catalog; this runner migrates SQLite, which locks the whole database file for every write.");
        }

        // The upgrade's own dry run chooses the steps: one target resolution, one planner.
        var pending = (await UpgradeAsync(target, new RunOptions { DryRun = true }, cancellationToken).ConfigureAwait(false)).Steps;
        if (pending.Count == 0)
        {
            return Array.Empty<StatementLockPlan>();
        }

        var catalog = _catalog.Value;
        var definitions = pending.Select(step => catalog.Definitions[catalog.Graph.TryGetIndex(step.Revision, out var node) ? node : -1]).ToList();
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

    /// <summary>
    /// The run, with the refusal after an interrupted non-transactional migration naming the INVALID indexes an
    /// interrupted CREATE INDEX CONCURRENTLY leaves (PostgreSQL; read only on that failure path).
    /// </summary>
    private async Task<MigrationResult> NamingInvalidIndexesAsync(Task<MigrationResult> run, CancellationToken cancellationToken)
    {
        try
        {
            return await run.ConfigureAwait(false);
        }
        catch (DatabaseStateException refused) when (refused.Problem == DatabaseStateProblem.Interrupted && Engine.Provider is PostgresProvider)
        {
            var explained = await InvalidIndexRecovery.ExplainInterruptedAsync((PostgresProvider)Engine.Provider, refused, cancellationToken).ConfigureAwait(false);
            if (explained is null)
            {
                throw;
            }

            throw explained;
        }
    }
}
