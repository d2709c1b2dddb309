using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MigrationChain.Hosting.Configuration;
using MigrationChain.Hosting.Logging;

namespace MigrationChain.Hosting.Startup;

/// <summary>
/// Migrates or verifies the database when the host starts, before the application serves.
/// </summary>
/// <remarks>
/// The work runs in <see cref="StartingAsync"/>. The generic host (Microsoft.Extensions.Hosting 8 and later) runs
/// every hosted service's StartingAsync before any service's StartAsync, whatever the registration order and even
/// with <c>ServicesStartConcurrently</c>, and aborts startup when one throws; ASP.NET Core's server starts listening
/// in its own hosted service's StartAsync, so no request arrives before the database is ready. The token the host
/// passes is cancelled when the host is asked to stop (Ctrl+C, SIGTERM, StopApplication) or its startup timeout
/// expires: the migration in progress is then rolled back. Hosts that do not know lifecycle services call only
/// StartAsync, where the same work runs once.
/// </remarks>
internal sealed class MigrationStartupService : IHostedLifecycleService
{
    private readonly IServiceProvider _services;
    private readonly MigrationStartup _startup;
    private int _ran;

    public MigrationStartupService(IServiceProvider services, IOptions<MigrationChainOptions> options)
    {
        _services = services;
        _startup = options.Value.Startup;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_startup == MigrationStartup.None || Interlocked.Exchange(ref _ran, 1) == 1)
        {
            return Task.CompletedTask;
        }

        // Resolved only now, so that a host that migrates elsewhere never builds the runner at startup.
        var configured = _services.GetRequiredService<ConfiguredRunner>();
        return _startup == MigrationStartup.Migrate ? MigrateAsync(configured, cancellationToken) : VerifyAsync(configured, cancellationToken);
    }

    private static async Task MigrateAsync(ConfiguredRunner configured, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = await Guard(configured, () => configured.Runner.UpgradeHeadAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        if (result.WasUpToDate)
        {
            Log.AlreadyAtHead(configured.Logger, configured.Database, new RevisionList(result.Current));
        }
        else
        {
            Log.Migrated(configured.Logger, configured.Database, result.Steps.Count, clock.Elapsed.TotalMilliseconds, new RevisionList(result.Current));
        }
    }

    private static async Task VerifyAsync(ConfiguredRunner configured, CancellationToken cancellationToken)
    {
        var runner = configured.Runner;
        var pending = await Guard(configured, () => runner.PendingAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        var current = await Guard(configured, () => runner.CurrentAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            Log.VerifiedAtHead(configured.Logger, configured.Database, new RevisionList(current));
            return;
        }

        Log.NotAtHead(configured.Logger, configured.Database, pending.Count, new RevisionList(pending), new RevisionList(current));
        throw new DatabaseNotAtHeadException(configured.Database, current.ToList(), pending.ToList());
    }

    private static async Task<T> Guard<T>(ConfiguredRunner configured, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.StartupCancelled(configured.Logger, configured.Database, configured.Startup);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The host did not cancel, so even an OperationCanceledException (a timeout inside a migration, or a
            // runner's own) is a failure to start, never a cancellation.
            Log.StartupFailed(configured.Logger, e, configured.Database, configured.Startup);
            throw;
        }
    }
}
