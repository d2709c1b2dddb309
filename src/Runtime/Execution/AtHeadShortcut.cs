using MigrationChain.Discovery;

namespace MigrationChain.Execution;

/// <summary>
/// <c>UpgradeHead()</c> on a database exactly at head, as one straight line: ask the provider whether the version
/// table holds exactly the at-head rows (<see cref="AtHeadFingerprint"/>, the same question the engine asks first)
/// and, when it does, answer what the engine answers, without building the engine, parsing a target or entering the
/// asynchronous core. A start that finds nothing to do runs (and JIT-compiles) only this. Any other answer, or a
/// provider that can only answer through a session, returns null: the caller runs the engine, which asks again
/// and does everything it always did (every check, refusal, drift report and lock stays there, in one place).
/// </summary>
internal static class AtHeadShortcut
{
    public static MigrationResult? TryUpgradeHead(DatabaseProvider provider, MigrationCatalog catalog, MigrationRunnerOptions options, RunOptions? run, bool callerIsAsync) =>
        TryUpgradeHead(provider, catalog, options, run, callerIsAsync, out var opened) ?? Discard(opened);

    /// <summary>
    /// As above, handing over in <paramref name="opened"/> the session the question was asked on when the provider
    /// keeps it for the engine (<see cref="DatabaseProvider.IsAtHead(AtHeadFingerprint, bool, out DatabaseSession?)"/>):
    /// the caller passes it to <see cref="MigrationEngine.RunAsync"/>, which then reads nothing again.
    /// </summary>
    public static MigrationResult? TryUpgradeHead(DatabaseProvider provider, MigrationCatalog catalog, MigrationRunnerOptions options, RunOptions? run, bool callerIsAsync, out DatabaseSession? opened)
    {
        opened = null;

        // As MigrationEngine.ReadAsync: an empty chain has no at-head text to compare.
        if (catalog.Graph.Count == 0 || provider.IsAtHead(catalog.AtHead, callerIsAsync, out opened) != true)
        {
            return null;
        }

        return MigrationEngine.AtHeadResult(catalog, options, MigrationOperation.Upgrade, "heads", run?.DryRun ?? false);
    }

    private static MigrationResult? Discard(DatabaseSession? opened)
    {
        opened?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return null;
    }
}
