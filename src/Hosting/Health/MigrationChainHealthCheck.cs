using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MigrationChain.Hosting;

/// <summary>
/// Reports whether the database is at head: healthy when nothing is pending; otherwise the registration's failure
/// status (Unhealthy unless you choose Degraded), listing the pending migrations. A database that cannot be read,
/// or whose recorded state does not fit the code, reports the failure status with the runner's explanation, except a
/// database that is ahead of this code (a newer release migrated it): that is Degraded, so a replica of the previous
/// release stays ready during a rolling update (ASP.NET Core answers 200 for Degraded), while the entry still says why.
/// Reads the version table only; changes nothing.
/// </summary>
/// <example><c>services.AddHealthChecks().AddCheck&lt;MigrationChainHealthCheck&gt;("migrations", HealthStatus.Degraded);</c></example>
public sealed class MigrationChainHealthCheck : IHealthCheck
{
    private readonly MigrationRunner _runner;

    /// <summary>Creates the check over the application's runner (the one AddMigrationChain registers).</summary>
    public MigrationChainHealthCheck(MigrationRunner runner)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<string> pending;
        IReadOnlyList<string> current;
        try
        {
            pending = await _runner.PendingAsync(cancellationToken).ConfigureAwait(false);
            current = await _runner.CurrentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseStateException e) when (e.Problem == DatabaseStateProblem.AheadOfCode)
        {
            // Expected mid-rollout: the migration Job ran the new release's migrations while this replica still runs
            // the old code. Expand/contract migrations keep the old code working, so failing readiness here would
            // take every old replica out of service before the new ones are up.
            var ahead = new Dictionary<string, object> { ["ahead"] = e.Revisions };
            return new HealthCheckResult(HealthStatus.Degraded, $"The database is ahead of this build: {e.Message}", e, ahead);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Could not read the migration state: {e.Message}", e);
        }

        var data = new Dictionary<string, object>
        {
            ["current"] = current,
            ["pending"] = pending,
            ["pendingCount"] = pending.Count,
        };
        var at = current.Count == 0 ? "base" : string.Join(", ", current);
        return pending.Count == 0
            ? HealthCheckResult.Healthy($"At head ({at}).", data)
            : new HealthCheckResult(
                context.Registration.FailureStatus,
                $"{pending.Count} migration{(pending.Count == 1 ? " is" : "s are")} pending: {string.Join(", ", pending)} (the database is at {at}).",
                data: data);
    }
}
