using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests.Infrastructure;

/// <summary>
/// Runs a fleet command four times and kill -9s the tool at a random moment of each run once migrations are under
/// way (inside a migration, between two, or between two databases), checking the fleet after every kill. Shared by
/// the SQLite-file and tenant-schema kill tests, which differ only in how they read a tenant.
/// </summary>
internal static class FleetKiller
{
    /// <summary>
    /// Kills the tool in up to four runs; after each, <paramref name="assertConsistent"/> must hold. Fails unless at
    /// least one kill landed while some tenants were at head and others not (a kill in the middle of the fleet).
    /// Returns the random seed, for the caller's own messages.
    /// </summary>
    public static async Task<int> KillAtRandomMomentsAsync(
        string[] command, string workingDirectory, IDictionary<string, string?> environment, int tenants,
        Action<int> assertConsistent, Func<int> countAtHead)
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var killed = 0;
        var midFleet = false;
        for (var round = 0; round < 4; round++)
        {
            using var tool = ProcessRunner.Start("dotnet", command, workingDirectory, environment);
            tool.StandardInput.Close();
            var draining = tool.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var running = false;
            while (!running && await tool.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                running = line.Contains(" done in ", StringComparison.Ordinal);
            }

            var drainingOut = tool.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await Task.Delay(random.Next(0, 250), TestContext.Current.CancellationToken);
            var wasRunning = !tool.HasExited;
            if (wasRunning)
            {
                tool.Kill(entireProcessTree: true);
                killed++;
            }

            await tool.WaitForExitAsync(TestContext.Current.CancellationToken);
            await Task.WhenAll(draining, drainingOut);
            assertConsistent(seed);
            var atHead = countAtHead();
            midFleet |= wasRunning && atHead > 0 && atHead < tenants;
        }

        Assert.True(killed >= 1 && midFleet, $"{killed} of 4 runs were killed, midFleet {midFleet} (seed {seed}): no kill landed in the middle of the fleet");
        return seed;
    }
}
