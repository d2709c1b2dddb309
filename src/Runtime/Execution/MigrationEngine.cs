using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Discovery;
using MigrationChain.Drift;
using MigrationChain.Planning;
using MigrationChain.Rules;

namespace MigrationChain.Execution;

/// <summary>
/// Runs upgrades, downgrades and stamps against one provider. The order of work is the same for every database:
/// read the version table; refuse a state that does not fit the code; plan; if nothing is pending, stop (one read,
/// no lock); otherwise lock, read again, and hand that state to the <see cref="StepLoop"/>, which takes the steps one
/// transaction at a time and re-reads only when another runner may have written in between.
/// </summary>
internal sealed class MigrationEngine
{
    private readonly DatabaseProvider _provider;
    private readonly MigrationCatalog _catalog;
    private readonly MigrationPlanner _planner;
    private readonly MigrationRunnerOptions _options;
    private readonly StepLoop _steps;
    private readonly ChainQueries _queries;
    private readonly DriftInspector _drift;

    public MigrationEngine(DatabaseProvider provider, MigrationCatalog catalog, MigrationRunnerOptions options)
    {
        _provider = provider;
        _catalog = catalog;
        _planner = new MigrationPlanner(catalog.Graph);
        _options = options;
        _drift = new DriftInspector(catalog, options);
        _steps = new StepLoop(catalog, _planner, options, _drift);
        _queries = new ChainQueries(provider, catalog);
    }

    /// <summary>The database this engine migrates (the lock preflight reads PostgreSQL's catalog through it).</summary>
    internal DatabaseProvider Provider => _provider;

    private RevisionGraph Graph => _catalog.Graph;

    private MigrationListener? Listener => _options.Listener;

    // opened: a session AtHeadShortcut already asked on (an upgrade to every head); the run takes it over and disposes it.
    public async Task<MigrationResult> RunAsync(MigrationOperation operation, string targetText, RunOptions? options, CancellationToken cancellationToken, DatabaseSession? opened = null)
    {
        options ??= new RunOptions();
        Target target;
        try
        {
            target = Target.Parse(targetText, Graph.Contains);
        }
        catch when (opened is not null)
        {
            await opened.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await using var session = opened ?? await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);

        var snapshot = await ReadAsync(session, operation, target, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            // Exactly at head: every check a full read makes passes, and there is nothing to do.
            return AtHeadResult(_catalog, _options, operation, target.Text, options.DryRun);
        }

        if (snapshot.Rows.Any(r => r.State == VersionRowState.Running) && await session.IsStepInProgressElsewhereAsync(cancellationToken).ConfigureAwait(false))
        {
            await SessionLocks.WaitForStepElsewhereAsync(session, Listener, cancellationToken).ConfigureAwait(false);
            snapshot = await session.ReadAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var state = Check(AppliedState.Read(Graph, snapshot), operation, options);
        _drift.Inspect(state, operation);
        var goal = _planner.Goal(operation, target, state);
        var planned = Plan(operation, goal, state);
        if (planned.Count == 0 && !StampRewrites(operation, state, goal))
        {
            return Result(operation, target, Array.Empty<MigrationStep>(), state, options.DryRun, backupPath: null);
        }

        if (operation == MigrationOperation.Upgrade && !snapshot.Exists)
        {
            await RefuseUnversionedAsync(session, cancellationToken).ConfigureAwait(false);
        }

        if (operation == MigrationOperation.Downgrade)
        {
            RefuseIrreversible(planned);
        }

        if (_options.TransactionMode == MigrationTransactionMode.OneTransaction && operation != MigrationOperation.Stamp)
        {
            _steps.RefuseOutsideOneTransaction(planned.Select(s => Graph.TryGetIndex(s.Revision, out var node) ? node : -1).Where(n => n >= 0));
        }

        if (options.DryRun)
        {
            return Result(operation, target, planned, state, dryRun: true, backupPath: null);
        }

        Listener?.OnPlan(operation, target.Text, planned);
        await using var runLock = await SessionLocks.LockAsync(session, session.AcquireRunLockAsync, cancellationToken).ConfigureAwait(false);
        await session.EnsureVersionTableAsync(cancellationToken).ConfigureAwait(false);

        // Someone may have done the work while we waited for the lock. This read is handed to the step loop, which
        // reads again only if the session says another runner wrote since.
        var relocked = AppliedState.Read(Graph, await session.ReadAsync(null, cancellationToken).ConfigureAwait(false));
        var stepElsewhere = relocked.Interrupted.Count > 0 && await session.IsStepInProgressElsewhereAsync(cancellationToken).ConfigureAwait(false);
        state = stepElsewhere ? relocked : Check(relocked, operation, options);
        if (Plan(operation, goal, state).Count == 0 && !StampRewrites(operation, state, goal))
        {
            return Result(operation, target, Array.Empty<MigrationStep>(), state, dryRun: false, backupPath: null);
        }

        string? backupPath = null;
        if (operation != MigrationOperation.Stamp && (options.Backup ?? _options.Backup))
        {
            backupPath = await session.BackupAsync(cancellationToken).ConfigureAwait(false);
            if (backupPath is not null)
            {
                Listener?.OnBackupCreated(backupPath);
            }
        }

        // With a step in progress elsewhere the loop must read (and wait) under its own write lock.
        var known = stepElsewhere ? null : state;
        if (operation == MigrationOperation.Stamp)
        {
            var stamped = await _steps.StampAsync(session, goal, known, cancellationToken).ConfigureAwait(false);
            var after = AppliedState.Read(Graph, await session.ReadAsync(null, cancellationToken).ConfigureAwait(false));
            return Result(operation, target, stamped, after, dryRun: false, backupPath);
        }

        var (done, final) = await _steps.RunAsync(session, operation, goal, known, options, cancellationToken).ConfigureAwait(false);
        return Result(operation, target, done, final, dryRun: false, backupPath);
    }

    /// <summary>
    /// The first read of a run. An upgrade to every head asks the session whether the table is exactly at head
    /// (<see cref="AtHeadFingerprint"/>) and gets null when it is, so a no-op does not grow with the chain; every
    /// other run, and every table that is not exactly at head, is read in full in the same round trip.
    /// </summary>
    private async Task<VersionTableSnapshot?> ReadAsync(DatabaseSession session, MigrationOperation operation, Target target, CancellationToken cancellationToken)
    {
        var toEveryHead = target.Kind == TargetKind.Heads || (target.Kind == TargetKind.Head && Graph.Heads.Count == 1);
        if (operation == MigrationOperation.Upgrade && toEveryHead && Graph.Count > 0 && session is IAtHeadProbe probe)
        {
            return await probe.ReadUnlessAtHeadAsync(_catalog.AtHead, cancellationToken).ConfigureAwait(false);
        }

        return await session.ReadAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the code's checksums and parents for applied revisions (AcceptEdits); runs nothing.</summary>
    public Task<IReadOnlyList<DriftFinding>> AcceptEditsAsync(IReadOnlyList<string> revisions, CancellationToken cancellationToken) =>
        EditAcceptance.AcceptAsync(_provider, _catalog, revisions, cancellationToken);

    /// <summary>A stamp that adds and removes nothing still has work when rows it keeps record the wrong parents.</summary>
    private bool StampRewrites(MigrationOperation operation, AppliedState state, bool[] goal) =>
        operation == MigrationOperation.Stamp && _drift.ParentRewrites(state, goal).Count > 0;

    /// <summary>The SQL a run from one revision to another would send; touches no database.</summary>
    public string Script(string from, string to) =>
        new MigrationScriptWriter(_catalog, _provider.CreateScriptDialect(), _options).Write(from, to);

    /// <summary>The database's current revisions (heads of what is applied); reads only.</summary>
    public Task<IReadOnlyList<string>> CurrentAsync(CancellationToken cancellationToken) => _queries.CurrentAsync(cancellationToken);

    /// <summary>Every revision of the chain in order, with what the database records about it; reads only.</summary>
    public Task<IReadOnlyList<RevisionStatus>> HistoryAsync(CancellationToken cancellationToken) => _queries.HistoryAsync(cancellationToken);

    /// <summary>What <c>UpgradeHead()</c> would apply, in order; throws what it would throw for a broken database.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(MigrationOperation.Upgrade, "heads", new RunOptions { DryRun = true }, cancellationToken).ConfigureAwait(false);
        return result.Steps.Select(s => s.Revision).ToList();
    }

    /// <summary>The state, after refusing one that does not fit the code (except for a stamp, which repairs such states).</summary>
    public static AppliedState Check(AppliedState state, MigrationOperation operation, RunOptions options)
    {
        if (operation != MigrationOperation.Stamp)
        {
            state.ThrowIfInconsistent(options.RetryInterrupted);
        }

        return state;
    }

    private List<MigrationStep> Plan(MigrationOperation operation, bool[] goal, AppliedState state)
    {
        if (operation == MigrationOperation.Stamp)
        {
            return _steps.StampSteps(_planner.StampChanges(goal, state));
        }

        var direction = operation == MigrationOperation.Upgrade ? MigrationDirection.Upgrade : MigrationDirection.Downgrade;
        return _planner.Steps(operation, goal, state.Applied).ConvertAll(node => _steps.Step(node, direction));
    }

    private void RefuseIrreversible(IEnumerable<MigrationStep> steps)
    {
        foreach (var step in steps)
        {
            if (Graph.TryGetIndex(step.Revision, out var node))
            {
                _steps.RefuseIrreversible(node);
            }
        }
    }

    private async Task RefuseUnversionedAsync(DatabaseSession session, CancellationToken cancellationToken)
    {
        var tables = await session.UserTablesAsync(cancellationToken).ConfigureAwait(false);
        if (tables.Count == 0)
        {
            return;
        }

        // Another runner may have created the version table (always before any migration's tables) since our
        // first read; then these tables are its work, not an unversioned schema.
        if ((await session.ReadAsync(null, cancellationToken).ConfigureAwait(false)).Exists)
        {
            return;
        }

        var head = Graph.Heads.Count == 1 ? Graph.Id(Graph.Heads[0]) : "heads";
        throw new DatabaseStateException(
            DatabaseStateProblem.Unversioned,
            Array.Empty<string>(),
            $"{_provider.Description} already has tables ({Names.List(tables)}) " +
            $"but no '{_options.VersionTable}' table, so upgrading would replay every migration over them.",
            $"If its schema matches a revision, Stamp that revision first (Stamp(\"{head}\") if it is already at head), then upgrade.",
            new[] { new Remedy(RemedyKind.Stamp, head, "if the schema is already at head, record it (otherwise the revision it matches, then upgrade)") });
    }

    private MigrationResult Result(MigrationOperation operation, Target target, IReadOnlyList<MigrationStep> steps, AppliedState state, bool dryRun, string? backupPath) =>
        Result(operation, target, steps, state.CurrentHeads(), dryRun, backupPath, _drift.Find(state));

    private MigrationResult Result(MigrationOperation operation, Target target, IReadOnlyList<MigrationStep> steps, IReadOnlyList<string> current, bool dryRun, string? backupPath, IReadOnlyList<DriftFinding> drift) =>
        Result(_catalog, _options, operation, target.Text, steps, current, dryRun, backupPath, drift);

    /// <summary>
    /// What a run on a database exactly at head returns (<see cref="AtHeadFingerprint"/>): no step, the heads a full
    /// read would report, no drift; the engine and <see cref="AtHeadShortcut"/> both answer with it.
    /// </summary>
    public static MigrationResult AtHeadResult(MigrationCatalog catalog, MigrationRunnerOptions options, MigrationOperation operation, string target, bool dryRun) =>
        Result(catalog, options, operation, target, Array.Empty<MigrationStep>(), catalog.AtHead.Heads, dryRun, backupPath: null, Array.Empty<DriftFinding>());

    private static MigrationResult Result(MigrationCatalog catalog, MigrationRunnerOptions options, MigrationOperation operation, string target, IReadOnlyList<MigrationStep> steps, IReadOnlyList<string> current, bool dryRun, string? backupPath, IReadOnlyList<DriftFinding> drift)
    {
        foreach (var warning in catalog.Warnings)
        {
            options.Listener?.OnWarning(warning.ToString());
        }

        return new MigrationResult(operation, target, steps, current, dryRun, backupPath, drift);
    }
}
