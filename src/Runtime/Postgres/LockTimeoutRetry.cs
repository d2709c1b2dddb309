using System;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Execution;
using Npgsql;

namespace MigrationChain.Postgres;

/// <summary>
/// A transactional migration that gave up waiting for a lock (SQLSTATE 55P03 under <c>lock_timeout</c>) was rolled
/// back; this decides whether it runs again, waits with a doubling backoff, and tells the listener who blocked it.
/// After the last attempt the failure carries the blockers. One instance per run; the count restarts per migration.
/// </summary>
internal sealed class LockTimeoutRetry
{
    private readonly MigrationRunnerOptions _options;
    private string? _revision;
    private int _attempt;

    public LockTimeoutRetry(MigrationRunnerOptions options)
    {
        _options = options;
    }

    public static bool IsLockTimeout(MigrationFailedException failure) =>
        failure.InnerException is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } postgres &&
        postgres.MessageText.Contains("lock timeout", StringComparison.Ordinal);

    /// <summary>
    /// Called after the step's transaction was rolled back and disposed. Returns when the step should run again;
    /// throws the failure, naming the blockers, when the attempts are used up.
    /// </summary>
    public async Task BeforeRetryAsync(DatabaseSession session, MigrationStep step, MigrationFailedException failure, CancellationToken cancellationToken)
    {
        if (!string.Equals(_revision, step.Revision, StringComparison.Ordinal))
        {
            _revision = step.Revision;
            _attempt = 0;
        }

        _attempt++;
        var attempts = _options.LockTimeoutRetries + 1;
        var blockers = session.Connection is NpgsqlConnection connection
            ? await PostgresLockBlockers.DescribeAsync(connection, failure.Statement, cancellationToken).ConfigureAwait(false)
            : PostgresLockBlockers.NoneFound;
        if (_attempt >= attempts)
        {
            var given = new MigrationFailedException(
                failure.Revision, failure.Direction, failure.Statement, failure.InnerException!, failure.Cause,
                $"Gave up after {attempts} attempt(s), each rolled back after its lock timeout; last blocked by {blockers}. " +
                "The database is at the last revision that succeeded. Run again when that session is done, or raise " +
                "MigrationRunnerOptions.LockTimeoutRetries (mchain upgrade --lock-retries).");
            _options.Listener?.OnStepFailed(step, given);
            throw given;
        }

        var delay = Delay(_attempt);
        _options.Listener?.OnLockTimeoutRetry(step, _attempt, attempts, delay, blockers);
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }

    private TimeSpan Delay(int attempt)
    {
        var delay = _options.LockRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        return TimeSpan.FromMilliseconds(Math.Min(delay, _options.LockRetryMaxDelay.TotalMilliseconds));
    }
}
