using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// The PostgreSQL lock-safety flags: a value that cannot be meant is refused before anything runs, naming the flag
/// (or the mchain.json key) and the accepted range; a sensible one is accepted.
/// </summary>
public class LockSafetyFlagTests
{
    [Theory]
    [InlineData("--statement-lock-timeout", "-1", "must be zero (no limit) or more and at most 3600")]
    [InlineData("--statement-lock-timeout", "100000", "must be zero (no limit) or more and at most 3600")]
    [InlineData("--lock-retries", "-3", "must be between 0 and 100")]
    [InlineData("--lock-retries", "5000", "must be between 0 and 100")]
    [InlineData("--lock-retry-delay", "0", "must be more than zero")]
    [InlineData("--lock-retry-delay", "-2", "must be more than zero")]
    public async Task AbsurdValue_IsRefusedNamingTheFlag_AndNothingIsCreated(string flag, string value, string rule)
    {
        using var folder = new TempDirectory("mc-locksafety");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--assembly", Assets.Linear, "--database", "sqlite:///app.db", flag, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{flag} {value}: {rule}", result.Error);
        Assert.Empty(result.Output);
        Assert.False(File.Exists(folder.File("app.db")));
    }

    [Fact]
    public async Task AbsurdValueInMchainJson_IsRefusedToo()
    {
        using var folder = new TempDirectory("mc-locksafety");
        File.WriteAllText(folder.File("mchain.json"), """{ "lockRetries": 1000 }""");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--assembly", Assets.Linear, "--database", "sqlite:///app.db");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--lock-retries 1000: must be between 0 and 100", result.Error);
        Assert.False(File.Exists(folder.File("app.db")));
    }

    [Fact]
    public async Task SensibleValues_AreAccepted()
    {
        using var folder = new TempDirectory("mc-locksafety");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--assembly", Assets.Linear, "--database", "sqlite:///app.db",
            "--statement-lock-timeout", "1.5", "--lock-retries", "3", "--lock-retry-delay", "0.5");

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
