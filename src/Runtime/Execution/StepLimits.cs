using System;
using System.Globalization;

namespace MigrationChain.Execution;

/// <summary>A server-side time limit and where it was set, so a timeout error can say what to change.</summary>
internal sealed record TimeLimit(TimeSpan Value, string Origin)
{
    /// <summary>Zero turns the server's limit off for the step (PostgreSQL's <c>0</c>).</summary>
    public bool IsUnlimited => Value <= TimeSpan.Zero;

    public override string ToString() => IsUnlimited
        ? $"no limit, set by {Origin}"
        : $"{Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s, set by {Origin}";
}

/// <summary>
/// The statement and lock timeouts one migration runs under: its <see cref="MigrationAttribute"/> wins over the
/// runner-wide defaults in <see cref="MigrationRunnerOptions"/>; null leaves the server's own setting alone.
/// </summary>
internal sealed record StepLimits(TimeLimit? StatementTimeout, TimeLimit? LockTimeout)
{
    public static readonly StepLimits None = new(null, null);

    public bool IsEmpty => StatementTimeout is null && LockTimeout is null;

    public static StepLimits For(MigrationAttribute attribute, MigrationRunnerOptions options) => new(
        Resolve(attribute.StatementTimeoutSeconds, nameof(MigrationAttribute.StatementTimeoutSeconds), options.StatementTimeout, nameof(MigrationRunnerOptions.StatementTimeout)),
        // The runner-wide lock timeout is for a step that can be rolled back and retried. A non-transactional step
        // (CREATE INDEX CONCURRENTLY) legitimately waits for older transactions to end, and a timeout would leave an
        // INVALID index instead of a retry: it gets a lock timeout only from its own attribute.
        Resolve(attribute.LockTimeoutSeconds, nameof(MigrationAttribute.LockTimeoutSeconds),
            attribute.Transactional ? options.StatementLockTimeout : null, nameof(MigrationRunnerOptions.StatementLockTimeout)));

    private static TimeLimit? Resolve(int seconds, string attributeProperty, TimeSpan? runnerDefault, string optionsProperty)
    {
        Postgres.LockSafetyLimits.RequireAttributeSeconds(seconds, attributeProperty);
        if (seconds >= 0)
        {
            return new TimeLimit(TimeSpan.FromSeconds(seconds), $"[Migration({attributeProperty} = {seconds.ToString(CultureInfo.InvariantCulture)})]");
        }

        return runnerDefault is { } value ? new TimeLimit(value, $"MigrationRunnerOptions.{optionsProperty}") : null;
    }
}
