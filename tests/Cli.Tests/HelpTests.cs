using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

public class HelpTests
{
    public static readonly TheoryData<string> Commands = new()
    {
        "current", "history", "heads", "branches", "upgrade", "downgrade", "stamp", "check", "revision", "merge",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task EveryCommand_HasHelp_EndingWithAnExampleOfItself(string command)
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, command, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        var examples = result.Output[result.Output.IndexOf("Examples:", StringComparison.Ordinal)..];
        Assert.Contains($"  mchain {command} ", examples);
        Assert.Contains("Usage:", result.Output);
    }

    [Fact]
    public async Task NoArguments_ShowsTheCommandsAndExamples()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var command in Commands)
        {
            Assert.Contains(command, result.Output);
        }

        Assert.Contains("Examples:", result.Output);
    }

    [Fact]
    public async Task MistypedOption_IsAUsageError_WithExitCode2_AndTheUrlInItMasked()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--databse", "postgresql://app:Sw0rdfish-42@db.example/shop");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'--databse'", result.Error);
        Assert.Contains("mchain upgrade --help", result.Error);
        Assert.DoesNotContain("Sw0rdfish-42", result.All);
    }
}
