using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Discovery;
using MigrationChain.Execution;
using MigrationChain.Sqlite;

namespace MigrationChain;

/// <summary>
/// Runs a validated migration chain against one database. Targets work as in Alembic: a revision id or a unique
/// prefix of it, <c>head</c>, <c>heads</c>, <c>+N</c>, <c>-N</c>, <c>base</c>, <c>branch@head</c>.
/// </summary>
/// <remarks>
/// The chain is discovered and validated on first use, once per process for each set of assemblies: a second runner
/// over the same assemblies reuses it, so creating a runner per call is cheap. <see cref="UpgradeHead()"/> on a
/// database already at head is a single read of the version table.
/// Every method is safe to call from several threads and several processes at once. The synchronous methods run
/// the asynchronous ones to completion; they never capture a synchronization context.
/// </remarks>
public sealed partial class MigrationRunner
{
    private readonly DatabaseProvider _provider;
    private readonly Lazy<MigrationCatalog> _catalog;
    private MigrationEngine? _engine;

    private MigrationRunner(DatabaseProvider provider, MigrationRunnerOptions options, IReadOnlyList<Assembly> assemblies, Func<MigrationCatalog> catalog)
    {
        _provider = provider;
        Options = options;
        Assemblies = assemblies;
        _catalog = new Lazy<MigrationCatalog>(catalog, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The options this runner was created with (a copy; changing it has no effect).</summary>
    public MigrationRunnerOptions Options { get; }

    /// <summary>The assemblies whose migrations this runner runs.</summary>
    public IReadOnlyList<Assembly> Assemblies { get; }

    /// <summary>A runner for a SQLite database (Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=app.db</c>).</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="migrationAssemblies">Where the migrations are; none means the calling assembly.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MigrationRunner ForSqlite(string connectionString, params Assembly[] migrationAssemblies) =>
        ForSqlite(connectionString, new MigrationRunnerOptions(), Given(migrationAssemblies) ?? new[] { Assembly.GetCallingAssembly() });

    /// <summary>A runner for a SQLite database, with options.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MigrationRunner ForSqlite(string connectionString, MigrationRunnerOptions options, params Assembly[] migrationAssemblies)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return Over(o => new SqliteProvider(connectionString, o), options, Given(migrationAssemblies) ?? new[] { Assembly.GetCallingAssembly() });
    }

    /// <summary>A SQLite runner over explicit migration types, for tests and tools that hold several chains in one assembly.</summary>
    internal static MigrationRunner ForSqliteTypes(string connectionString, MigrationRunnerOptions options, IReadOnlyList<Type> migrationTypes) =>
        Over(o => new SqliteProvider(connectionString, o), options, migrationTypes);

    /// <summary>
    /// What every factory does: copy the options (a runner must not change when the caller's object does), make the
    /// provider now (so a malformed connection string fails here, not at first use), and find the migrations lazily,
    /// once per process for each set of assemblies (<see cref="MigrationCatalogCache"/>).
    /// </summary>
    private static MigrationRunner Over(Func<MigrationRunnerOptions, DatabaseProvider> provider, MigrationRunnerOptions options, IReadOnlyList<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        return new MigrationRunner(provider(copy), copy, assemblies, () => MigrationCatalogCache.Load(assemblies));
    }

    private static MigrationRunner Over(Func<MigrationRunnerOptions, DatabaseProvider> provider, MigrationRunnerOptions options, IReadOnlyList<Type> migrationTypes)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        return new MigrationRunner(provider(copy), copy, migrationTypes.Select(t => t.Assembly).Distinct().ToList(), () => MigrationCatalog.FromTypes(migrationTypes));
    }

    /// <summary>Brings every head up (Alembic's <c>upgrade heads</c>): all pending migrations, in order.</summary>
    /// <remarks>
    /// With two or more migrations to run, a background thread compiles the later ones' code (their constructors and
    /// <c>Upgrade</c> methods) while the earlier ones run, so the database does not wait for the JIT between steps.
    /// It only compiles: none of their code runs before their step. <c>Upgrade</c> and <c>Downgrade</c> do the same.
    /// </remarks>
    public MigrationResult UpgradeHead() => UpgradeHead(null);

    /// <inheritdoc cref="UpgradeHead()"/>
    public MigrationResult UpgradeHead(RunOptions? options) =>
        AtHeadShortcut.TryUpgradeHead(_provider, _catalog.Value, Options, options, callerIsAsync: false, out var opened)
        ?? Wait(UpgradeFromAsync(opened, options, CancellationToken.None));

    /// <inheritdoc cref="UpgradeHead()"/>
    public Task<MigrationResult> UpgradeHeadAsync(CancellationToken cancellationToken = default) => UpgradeHeadAsync(null, cancellationToken);

    /// <inheritdoc cref="UpgradeHead()"/>
    public Task<MigrationResult> UpgradeHeadAsync(RunOptions? options, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<MigrationResult>(cancellationToken);
        }

        if (AtHeadShortcut.TryUpgradeHead(_provider, _catalog.Value, Options, options, callerIsAsync: true) is { } atHead)
        {
            return Task.FromResult(atHead);
        }

        return _catalog.Value.Graph.Count > 0 && _provider.IsAtHeadAsync(_catalog.Value.AtHead, cancellationToken) is { } asking
            ? UpgradeHeadAfterAsync(asking, options, cancellationToken)
            : UpgradeAsync("heads", options, cancellationToken);
    }

    /// <summary>The asynchronous shortcut (PostgreSQL): the answer at head, else the engine on the session that asked.</summary>
    private async Task<MigrationResult> UpgradeHeadAfterAsync(Task<(bool AtHead, DatabaseSession? Opened)> asking, RunOptions? options, CancellationToken cancellationToken)
    {
        var (atHead, opened) = await asking.ConfigureAwait(false);
        return atHead
            ? MigrationEngine.AtHeadResult(_catalog.Value, Options, MigrationOperation.Upgrade, "heads", options?.DryRun ?? false)
            : await UpgradeFromAsync(opened, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies what the target needs: a revision (and its ancestors), <c>head</c>, <c>heads</c>, <c>+N</c>, <c>label@head</c>.</summary>
    public MigrationResult Upgrade(string target) => Wait(UpgradeAsync(target, null, CancellationToken.None));

    /// <inheritdoc cref="Upgrade(string)"/>
    public MigrationResult Upgrade(string target, RunOptions? options) => Wait(UpgradeAsync(target, options, CancellationToken.None));

    /// <inheritdoc cref="Upgrade(string)"/>
    public Task<MigrationResult> UpgradeAsync(string target, CancellationToken cancellationToken = default) =>
        UpgradeAsync(target, null, cancellationToken);

    /// <inheritdoc cref="Upgrade(string)"/>
    public Task<MigrationResult> UpgradeAsync(string target, RunOptions? options, CancellationToken cancellationToken = default) =>
        NamingInvalidIndexesAsync(Engine.RunAsync(MigrationOperation.Upgrade, target, options, cancellationToken), cancellationToken);

    /// <summary>
    /// <c>UpgradeHead()</c> past the shortcut: the engine, on the session the shortcut already read through when it
    /// kept one (PostgreSQL), so the run costs no round trip more than the engine alone.
    /// </summary>
    private Task<MigrationResult> UpgradeFromAsync(DatabaseSession? opened, RunOptions? options, CancellationToken cancellationToken)
    {
        MigrationEngine engine;
        try
        {
            engine = Engine;
        }
        catch when (opened is not null)
        {
            opened.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        return NamingInvalidIndexesAsync(engine.RunAsync(MigrationOperation.Upgrade, "heads", options, cancellationToken, opened), cancellationToken);
    }

    /// <summary>Undoes migrations down to the target: a revision (which stays applied), <c>-N</c>, <c>base</c>, <c>label@base</c>.</summary>
    public MigrationResult Downgrade(string target) => Wait(DowngradeAsync(target, null, CancellationToken.None));

    /// <inheritdoc cref="Downgrade(string)"/>
    public MigrationResult Downgrade(string target, RunOptions? options) => Wait(DowngradeAsync(target, options, CancellationToken.None));

    /// <inheritdoc cref="Downgrade(string)"/>
    public Task<MigrationResult> DowngradeAsync(string target, CancellationToken cancellationToken = default) =>
        DowngradeAsync(target, null, cancellationToken);

    /// <inheritdoc cref="Downgrade(string)"/>
    public Task<MigrationResult> DowngradeAsync(string target, RunOptions? options, CancellationToken cancellationToken = default) =>
        Engine.RunAsync(MigrationOperation.Downgrade, target, options, cancellationToken);

    /// <summary>
    /// Rewrites the version table so the target and its ancestors are recorded as applied and nothing after them is,
    /// without running any migration. The way out of a database whose records do not fit the code: an unknown
    /// revision, rows from two chains, an interrupted migration, or an existing schema with no version table.
    /// </summary>
    public MigrationResult Stamp(string target) => Wait(StampAsync(target, null, CancellationToken.None));

    /// <inheritdoc cref="Stamp(string)"/>
    public MigrationResult Stamp(string target, RunOptions? options) => Wait(StampAsync(target, options, CancellationToken.None));

    /// <inheritdoc cref="Stamp(string)"/>
    public Task<MigrationResult> StampAsync(string target, CancellationToken cancellationToken = default) =>
        StampAsync(target, null, cancellationToken);

    /// <inheritdoc cref="Stamp(string)"/>
    public Task<MigrationResult> StampAsync(string target, RunOptions? options, CancellationToken cancellationToken = default) =>
        Engine.RunAsync(MigrationOperation.Stamp, target, options, cancellationToken);

    /// <summary>
    /// Accepts edits made on purpose to applied migrations: records the code's current checksum (and declared
    /// parents) in their version rows, so <see cref="MigrationRunnerOptions.OnDrift"/> stops reporting them. Runs no
    /// migration and touches no other row. Use it when the database needs nothing from the edit (a fixed comment
    /// in SQL, a refactoring); when it does, revert the edit and write a new migration instead. A row recorded
    /// before checksums were gets one, so later edits to it are noticed.
    /// </summary>
    /// <param name="revisions">Applied revisions: ids or unique prefixes.</param>
    /// <returns>The findings the accepted rows had; empty when they already matched the code.</returns>
    /// <exception cref="MigrationTargetException">A revision is unknown, not applied, or has no checksum in this build.</exception>
    public IReadOnlyList<DriftFinding> AcceptEdits(params string[] revisions) => Wait(AcceptEditsAsync(revisions, CancellationToken.None));

    /// <inheritdoc cref="AcceptEdits(string[])"/>
    public Task<IReadOnlyList<DriftFinding>> AcceptEditsAsync(IReadOnlyList<string> revisions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(revisions);
        return Engine.AcceptEditsAsync(revisions, cancellationToken);
    }

    /// <summary>
    /// The SQL that moving a database from <paramref name="from"/> to <paramref name="to"/> would run, for a DBA to
    /// review or run by hand (Alembic's <c>--sql</c>): each migration's statements between the runner's own
    /// transaction and version-table bookkeeping, in the order the runner would take them, and on PostgreSQL the
    /// runners' advisory lock around it all. Upgrades and downgrades both work (<c>Script("0007", "0005")</c>); a
    /// script goes one way. Nothing connects to the database.
    /// </summary>
    /// <remarks>
    /// A migration that asks the database a question (<see cref="MigrationBuilder.TableExists"/>,
    /// <see cref="MigrationBuilder.ColumnExists"/>) or works on rows through <see cref="MigrationBuilder.Connection"/>
    /// cannot be written ahead of time. The script stops before it, says why, and names what was not scripted: run
    /// that step with the runner, then script the rest from it.
    /// </remarks>
    /// <param name="from">Where the database is: <c>base</c>, a revision id or prefix, <c>head</c>, <c>label@head</c>.</param>
    /// <param name="to">Where it should end: any upgrade, downgrade or stamp target, e.g. <c>head</c>, <c>base</c>, a revision.</param>
    /// <exception cref="MigrationTargetException">A target cannot be resolved, or the move would both undo and apply migrations.</exception>
    /// <exception cref="IrreversibleMigrationException">A downgrade script crosses a migration that cannot be undone.</exception>
    public string Script(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return Engine.Script(from, to);
    }

    /// <summary>The database's current revisions: the applied revisions no other applied revision builds on.</summary>
    public IReadOnlyList<string> Current() => Wait(CurrentAsync(CancellationToken.None));

    /// <inheritdoc cref="Current()"/>
    public Task<IReadOnlyList<string>> CurrentAsync(CancellationToken cancellationToken = default) => Engine.CurrentAsync(cancellationToken);

    /// <summary>The chain's heads (the code's, not the database's), in order.</summary>
    public IReadOnlyList<string> Heads() => _catalog.Value.Graph.Heads.Select(_catalog.Value.Graph.Id).ToList();

    /// <inheritdoc cref="Heads()"/>
    public Task<IReadOnlyList<string>> HeadsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Heads());
    }

    /// <summary>Every revision in order (parents first), with whether and when the database applied it.</summary>
    public IReadOnlyList<RevisionStatus> History() => Wait(HistoryAsync(CancellationToken.None));

    /// <inheritdoc cref="History()"/>
    public Task<IReadOnlyList<RevisionStatus>> HistoryAsync(CancellationToken cancellationToken = default) => Engine.HistoryAsync(cancellationToken);

    /// <summary>The revisions <see cref="UpgradeHead()"/> would apply, in order. Changes nothing.</summary>
    public IReadOnlyList<string> Pending() => Wait(PendingAsync(CancellationToken.None));

    /// <inheritdoc cref="Pending()"/>
    public Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken = default) => Engine.PendingAsync(cancellationToken);

    /// <summary>Whether this runner has built its engine (a no-op at head does not); for tests.</summary>
    internal bool HasEngine => Volatile.Read(ref _engine) is not null;

    /// <summary>The chain this runner found (discovering it now if it has not yet); for tests.</summary>
    internal MigrationCatalog Catalog => _catalog.Value;

    // Made on first use: a no-op UpgradeHead() on a database at head never needs it (AtHeadShortcut).
    private MigrationEngine Engine => Volatile.Read(ref _engine) ?? CreateEngine();

    private MigrationEngine CreateEngine()
    {
        var made = new MigrationEngine(_provider, _catalog.Value, Options);
        return Interlocked.CompareExchange(ref _engine, made, null) ?? made;
    }

    // The assemblies a caller named, or null for "the calling assembly". The public factories look the caller up
    // themselves, and only when it is the answer: Assembly.GetCallingAssembly() walks the stack, and must run in the
    // factory the user called (NoInlining) to name the user's assembly.
    private static Assembly[]? Given(Assembly[]? assemblies) => assemblies is { Length: > 0 } ? assemblies : null;

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
