using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Testing.Schema;

namespace MigrationChain.Testing.Checks;

/// <summary>
/// Moves a test database one revision at a time and turns whatever goes wrong into an assertion failure that says
/// which check, which database, which revision and which move. Every check is written in terms of it.
/// </summary>
internal sealed class ChainDriver
{
    private readonly MigrationTestDatabase _database;
    private readonly string _check;
    private readonly CancellationToken _cancellationToken;

    public ChainDriver(MigrationTestDatabase database, string check, CancellationToken cancellationToken)
    {
        _database = database;
        _check = check;
        _cancellationToken = cancellationToken;
    }

    private MigrationRunner Runner => _database.Runner;

    /// <summary>The chain's revisions in the runner's topological order (parents and DependsOn targets first).</summary>
    public async Task<IReadOnlyList<RevisionStatus>> RevisionsAsync()
    {
        var history = await Guard(null, "reading the chain and the database's history", () => Runner.HistoryAsync(_cancellationToken)).ConfigureAwait(false);
        return history.Where(r => r.IsKnown).ToList();
    }

    /// <summary>Fails unless no migration is recorded: every check starts from an empty database.</summary>
    public async Task<IReadOnlyList<RevisionStatus>> RequireEmptyAsync()
    {
        var history = await Guard(null, "reading the chain and the database's history", () => Runner.HistoryAsync(_cancellationToken)).ConfigureAwait(false);
        var recorded = history.Where(r => r.IsApplied || r.IsInterrupted).Select(r => r.Revision).ToList();
        if (recorded.Count > 0)
        {
            throw Fail(null,
                $"needs an empty database, but {Database} already records {Quote(recorded)}. Give each check a fresh " +
                "database (a new SQLite file, a new PostgreSQL database), or Downgrade(\"base\") first.");
        }

        return history.Where(r => r.IsKnown).ToList();
    }

    public Task<SchemaSnapshot> SnapshotAsync(string? revision, string when) =>
        Guard(revision, $"reading the schema {when}", () => _database.Schema.ReadAsync(_cancellationToken));

    /// <summary>Applies exactly <paramref name="revision"/>; its ancestors must already be applied.</summary>
    public async Task UpgradeOneAsync(string revision, string what)
    {
        var result = await Guard(revision, what, () => Runner.UpgradeAsync(revision, _cancellationToken)).ConfigureAwait(false);
        RequireSteps(result, revision, what);
    }

    /// <summary>Undoes exactly <paramref name="revision"/>, which must be the newest applied revision in chain order.</summary>
    public async Task DowngradeOneAsync(string revision, string what)
    {
        var result = await Guard(revision, what, () => Runner.DowngradeAsync("-1", _cancellationToken)).ConfigureAwait(false);
        RequireSteps(result, revision, what);
    }

    /// <summary>Applies every ancestor of <paramref name="revision"/> and not the revision itself.</summary>
    public async Task UpgradeToJustBeforeAsync(RevisionStatus revision)
    {
        foreach (var before in revision.Parents.Concat(revision.DependsOn))
        {
            await Guard(revision.Revision, $"upgrading to '{before}', the state before '{revision.Revision}'",
                () => Runner.UpgradeAsync(before, _cancellationToken)).ConfigureAwait(false);
        }
    }

    public Task<T> Guard<T>(string? revision, string what, Func<Task<T>> action) => GuardAsync(revision, what, action);

    public MigrationAssertionException Fail(string? revision, string message, Exception? inner = null) =>
        new($"{_check} failed{(revision is null ? ":" : $" at '{revision}':")} {message}", inner) { Revision = revision };

    /// <summary>Fails when two snapshots differ, showing each difference.</summary>
    public void RequireSameSchema(string revision, SchemaSnapshot expected, SchemaSnapshot actual, string problem, string addedMeans, string removedMeans)
    {
        var differences = actual.DifferencesFrom(expected);
        if (differences.Count > 0)
        {
            throw Fail(revision, $"{problem} ({Database}). Differences:\n{SchemaSnapshot.Format(differences, addedMeans, removedMeans)}");
        }
    }

    public string Database => _database.Schema.Description;

    public static string Quote(IEnumerable<string> revisions) => string.Join(", ", revisions.Select(r => $"'{r}'"));

    private async Task<T> GuardAsync<T>(string? revision, string what, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not MigrationAssertionException)
        {
            throw Fail(revision, $"{what} failed on {Database}:\n  {e.Message.Replace("\n", "\n  ", StringComparison.Ordinal)}", e);
        }
    }

    private void RequireSteps(MigrationResult result, string revision, string what)
    {
        if (result.Steps.Count == 1 && string.Equals(result.Steps[0].Revision, revision, StringComparison.Ordinal))
        {
            return;
        }

        var steps = result.Steps.Count == 0 ? "nothing" : string.Join(", ", result.Steps);
        throw Fail(revision, $"{what} was expected to run '{revision}' alone, but ran {steps}.");
    }
}
