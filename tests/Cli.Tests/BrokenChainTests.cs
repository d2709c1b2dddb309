using MigrationChain.Testing.Support;
using MigrationChain.Cli.Tests.Infrastructure;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// The states the chain commands exist for: a chain whose build fails on the chain rules (two heads, MC1003). The
/// commands that read the chain work on it, merge repairs it, and a real compile error still fails as the compiler says.
/// </summary>
public class BrokenChainTests
{
    [Fact]
    public async Task TwoHeadsInALibrary_HeadsHistoryAndCheckReadTheChain_MergeRepairsIt_AndTheNextBuildHasOneHead()
    {
        using var app = new LayeredApplication();
        app.Migration("Billing", "M0004_Refunds", "0004_refunds", parent: "0003_invoices", table: "refunds");
        app.Migration("Billing", "M0004_Credits", "0004_credits", parent: "0003_invoices", table: "credits");

        // A C# error beside the chain errors: only the chain rules may be set aside, so the build fails as the compiler says.
        app.Write("Billing/Broken.cs", "namespace Billing;\n\ninternal static class Broken\n{\n    public static int Value => \"not a number\";\n}\n");
        var compileError = await Mchain.RunAsync(app.Root, "heads", "--project", "Service");
        File.Delete(app.PathOf("Billing/Broken.cs"));

        var heads = await Mchain.RunAsync(app.Root, "heads", "--project", "Service");
        // The build with the chain rules off wrote below obj/mchain/, not bin/: --no-build finds it there.
        Task<ProcessResult> NoBuild(params string[] arguments) => Mchain.RunAsync(app.Root, [.. arguments, "--project", "Service", "--no-build"]);
        var history = await NoBuild("history");
        var branches = await NoBuild("branches");
        var check = await NoBuild("check");
        var revision = await NoBuild("revision", "-m", "more");
        var merge = await Mchain.RunAsync(app.Root, "merge", "-m", "merge refunds and credits", "--rev-id", "0005_merge", "--project", "Service", "--no-build");
        var afterMerge = await Mchain.RunAsync(app.Root, "check", "--project", "Service");
        var headsAfterMerge = await Mchain.RunAsync(app.Root, "heads", "--project", "Service", "--no-build");

        Assert.Equal(2, compileError.ExitCode);
        Assert.Contains("error CS0029", compileError.Error);
        Assert.DoesNotContain("building again", compileError.Error);

        Assert.True(heads.ExitCode == 0, heads.ToString());
        Assert.Equal(new[] { "0004_credits (head)", "0004_refunds (head)" }, Lines(heads.Output));
        Assert.Contains("the build stopped on chain errors (MC1003)", heads.Error);
        Assert.Contains("mchain merge -m \"merge heads\" 0004_credits 0004_refunds --project Service", heads.Error);
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains("0003_invoices -> 0004_refunds (head)", history.Output);
        Assert.True(branches.ExitCode == 0, branches.ToString());
        Assert.Contains("0003_invoices", branches.Output);
        Assert.Equal(3, check.ExitCode);
        Assert.Contains($"{app.PathOf("Billing/Migrations/M0004_Credits.cs")}(5,2): error MC1003:", check.Output);
        Assert.Equal(3, revision.ExitCode);
        Assert.Contains("mchain merge", revision.Error);

        Assert.True(merge.ExitCode == 0, merge.ToString());
        var mergeFile = Directory.GetFiles(app.PathOf("Billing/Migrations"), "*Merge*.cs").Single();
        Assert.Contains("Parents = new[] { \"0004_credits\", \"0004_refunds\" }", File.ReadAllText(mergeFile));
        Assert.True(afterMerge.ExitCode == 0, afterMerge.ToString());
        Assert.Equal("chain: 6 revision(s), head 0005_merge: ok", afterMerge.Output.Trim());
        Assert.DoesNotContain("merge", afterMerge.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("MC1003", afterMerge.All);
        Assert.Equal("0005_merge (head)", headsAfterMerge.Output.Trim());
        Assert.Equal(string.Empty, headsAfterMerge.Error.Trim());
        Assert.Contains("heads 0005_merge", File.ReadAllText(app.PathOf("Service/migrations.lock")));
    }

    /// <remarks>
    /// The projects reference the analyzers alone (no MigrationChain.Build task), so only the compiler reports MC1003:
    /// the build heads runs with the chain rules lowered must not leave the user's obj/bin looking up to date, or the
    /// next plain build skips the compiler and passes with two heads.
    /// </remarks>
    [Fact]
    public async Task HeadsInTwoLibraries_TheMergeGoesIntoTheLibraryThatSeesBoth_SoEveryProjectBuilds()
    {
        using var app = new LayeredApplication(buildTask: false);
        app.Migration("Catalog", "M0003_Discounts", "0003_discounts", parent: "0002_prices", table: "discounts");

        var heads = await Mchain.RunAsync(app.Root, "heads", "--project", "Service");
        var plainBuild = await app.TryBuildAsync();
        var merge = await Mchain.RunAsync(app.Root, "merge", "-m", "merge discounts", "--rev-id", "0004_merge", "--project", "Service", "--no-build");
        var check = await Mchain.RunAsync(app.Root, "check", "--project", "Service");

        Assert.True(heads.ExitCode == 0, heads.ToString());
        Assert.Equal(new[] { "0003_discounts (head)", "0003_invoices (head)" }, Lines(heads.Output));
        Assert.True(plainBuild.ExitCode != 0, "A plain build after mchain heads passed with two heads:\n" + plainBuild);
        Assert.Contains("error MC1003", plainBuild.Output + plainBuild.Error);
        Assert.True(Directory.Exists(app.PathOf("Service/obj/mchain")), "The chain-rules-off build did not write under obj/mchain.");
        Assert.True(merge.ExitCode == 0, merge.ToString());

        // Catalog declares 0003_discounts but cannot see Billing's 0003_invoices; Billing references Catalog and sees both.
        Assert.Single(Directory.GetFiles(app.PathOf("Billing/Migrations"), "M0004_Merge*.cs"));
        Assert.Empty(Directory.GetFiles(app.PathOf("Catalog/Migrations"), "M0004_Merge*.cs"));
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal("chain: 5 revision(s), head 0004_merge: ok", check.Output.Trim());
    }

    private static string[] Lines(string text) => text.Trim().ReplaceLineEndings("\n").Split('\n');
}
