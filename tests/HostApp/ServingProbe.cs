using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MigrationChain;

namespace MigrationChain.Tests.HostApp;

/// <summary>Stands in for the application starting to serve: logs (EventId 1, category ServingProbe) the revisions the database is at by then.</summary>
internal sealed partial class ServingProbe(MigrationRunner runner, ILogger<ServingProbe> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        Serving(logger, string.Join(",", await runner.CurrentAsync(cancellationToken)));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Serving at {Current}")]
    private static partial void Serving(ILogger logger, string current);
}
