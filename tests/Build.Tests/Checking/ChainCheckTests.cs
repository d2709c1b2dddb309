using System.IO;
using MigrationChain.Build.Checking;
using MigrationChain.Build.Tests.Compilation;
using MigrationChain.Testing.Support;

namespace MigrationChain.Build.Tests.Checking;

public class ChainCheckTests
{
    private static string Migration(string type, string revision, string? parent = null) =>
        $$"""
        [MigrationChain.Migration("{{revision}}"{{(parent is null ? "" : $", Parent = \"{parent}\"")}})]
        public sealed class {{type}} : MigrationChain.Migration
        {
            public override void Upgrade(MigrationChain.MigrationBuilder m) => m.Sql("CREATE TABLE {{type}} (id INTEGER)");
        }
        """;

    private static string LibA(TempDirectory folder) => TestCompiler.Compile(folder.Path, "LibA",
        Migration("A1", "0001") + Migration("A2", "0002", "0001") + Migration("A3", "0003", "0002"));

    [Fact]
    public void ChainSplitOverTwoAssemblies_WithAMissingLink_FailsWhereBothAreSeen()
    {
        using var folder = new TempDirectory("mc-check");
        var libA = LibA(folder);
        var libB = TestCompiler.Compile(folder.Path, "LibB", Migration("B4", "0004"));
        var app = TestCompiler.Compile(folder.Path, "App", "public static class Program { }", new[] { libA, libB });

        Assert.Empty(ChainCheck.Run(new ChainCheckRequest(libA)).Diagnostics);
        Assert.Empty(ChainCheck.Run(new ChainCheckRequest(libB)).Diagnostics);
        var result = ChainCheck.Run(new ChainCheckRequest(app) { ReferencePaths = new[] { libA, libB } });

        Assert.Equal((4, 2), (result.MigrationCount, result.AssemblyCount));
        var stray = result.Diagnostics.Single(d => d.Message.StartsWith("'0004'", StringComparison.Ordinal));
        Assert.Equal(RuleIds.SecondRoot, stray.Id);
        Assert.True(stray.IsError);
        Assert.Equal((Path.Combine(folder.Path, "LibB.src", "Migrations.cs"), 1, 2), (stray.File, stray.Line, stray.Column));
        Assert.Contains("Set Parent = \"0003\"", stray.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChainContinuedInAReferencingAssembly_IsValid()
    {
        using var folder = new TempDirectory("mc-check");
        var libA = LibA(folder);
        var libB = TestCompiler.Compile(folder.Path, "LibB", Migration("B4", "0004", "0003"), new[] { libA });

        var result = ChainCheck.Run(new ChainCheckRequest(libB) { ReferencePaths = new[] { libA } });

        Assert.Empty(result.Diagnostics);
        Assert.Equal(4, result.MigrationCount);
    }

    [Fact]
    public void LocalBuild_WritesTheLock_AndOnlyWhenItChanges()
    {
        using var folder = new TempDirectory("mc-check");
        var libA = LibA(folder);
        var lockPath = folder.File("migrations.lock");

        var first = ChainCheck.Run(new ChainCheckRequest(libA) { LockFilePath = lockPath });
        var second = ChainCheck.Run(new ChainCheckRequest(libA) { LockFilePath = lockPath, LockText = first.LockTextToWrite });

        Assert.Contains("\n0002 0001 il:", first.LockTextToWrite, StringComparison.Ordinal);
        Assert.EndsWith("heads 0003\n", first.LockTextToWrite, StringComparison.Ordinal);
        Assert.True(first.KeepsLock);
        Assert.Null(second.LockTextToWrite);
    }

    [Fact]
    public void CiBuild_ReportsTheMigrationMissingFromTheLock_AtTheMigration()
    {
        using var folder = new TempDirectory("mc-check");
        var libA = LibA(folder);
        var locked = ChainCheck.Run(new ChainCheckRequest(libA) { LockFilePath = folder.File("migrations.lock") }).LockTextToWrite!;
        var libB = TestCompiler.Compile(folder.Path, "LibB", Migration("B4", "0004", "0003"), new[] { libA });

        var result = ChainCheck.Run(new ChainCheckRequest(libB)
        {
            ReferencePaths = new[] { libA },
            LockFilePath = folder.File("migrations.lock"),
            LockText = locked,
            VerifyLock = true,
        });

        var missing = Assert.Single(result.Diagnostics);
        Assert.Equal((RuleIds.LockFileMissingMigrations, Path.Combine(folder.Path, "LibB.src", "Migrations.cs"), 1), (missing.Id, missing.File, missing.Line));
        Assert.Null(result.LockTextToWrite);
    }

    [Fact]
    public void CiBuild_ReportsARemovedRevision_AtItsLineInTheLock()
    {
        using var folder = new TempDirectory("mc-check");
        var libA = LibA(folder);
        var lockPath = folder.File("migrations.lock");
        var locked = ChainCheck.Run(new ChainCheckRequest(libA) { LockFilePath = lockPath }).LockTextToWrite!
            .Replace("heads 0003", "0004 0003 il:00\nheads 0004", StringComparison.Ordinal);

        var removed = Assert.Single(ChainCheck.Run(new ChainCheckRequest(libA) { LockFilePath = lockPath, LockText = locked, VerifyLock = true }).Diagnostics);

        Assert.Equal(RuleIds.LockFileNamesRemovedRevision, removed.Id);
        Assert.Equal((lockPath, locked.Split('\n').ToList().IndexOf("0004 0003 il:00") + 1), (removed.File, removed.Line));
    }

    [Fact]
    public void BrokenChain_IsReported_NeverLocked()
    {
        using var folder = new TempDirectory("mc-check");
        var dll = TestCompiler.Compile(folder.Path, "App", Migration("A1", "0001") + Migration("A4", "0004"));

        var result = ChainCheck.Run(new ChainCheckRequest(dll) { LockFilePath = folder.File("migrations.lock") });

        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == RuleIds.SecondRoot));
        Assert.Null(result.LockTextToWrite);
    }

    [Fact]
    public void ProjectWithoutMigrations_KeepsNoLock()
    {
        using var folder = new TempDirectory("mc-check");
        var dll = TestCompiler.Compile(folder.Path, "App", "public static class Program { }");

        var result = ChainCheck.Run(new ChainCheckRequest(dll) { LockFilePath = folder.File("migrations.lock"), VerifyLock = true });

        Assert.Empty(result.Diagnostics);
        Assert.False(result.KeepsLock);
        Assert.Null(result.LockTextToWrite);
    }
}
