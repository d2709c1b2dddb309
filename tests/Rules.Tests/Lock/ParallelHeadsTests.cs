using System.IO;
using MigrationChain.Lock;
using MigrationChain.Testing.Support;
using static MigrationChain.Rules.Tests.Chain.Facts;
using static MigrationChain.Rules.Tests.Lock.LockFileTests;

namespace MigrationChain.Rules.Tests.Lock;

/// <summary>The reason for the format: git itself must refuse to merge two branches that each add a migration.</summary>
public class ParallelHeadsTests
{
    private static readonly RevisionInfo[] Base = { Root("0001"), Child("0002", "0001"), Child("0003", "0002") };

    [Fact]
    public async Task TwoBranchesEachAddingAMigration_ConflictInGit()
    {
        var ours = Locked(Base.Append(Child("0004_ours", "0003")).ToArray());
        var theirs = Locked(Base.Append(Child("0004_theirs", "0003")).ToArray());

        var merge = await MergeAsync(Locked(Base), ours, theirs);

        Assert.True(merge.ExitCode > 0, $"git merged two parallel heads without a conflict:\n{merge.Output}");
        Assert.Contains("<<<<<<<", merge.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoBranchesAddingMigrationsWhoseIdsSortApart_StillConflict()
    {
        var ours = Locked(Base.Append(Child("0004", "0003")).ToArray());
        var theirs = Locked(Base.Append(Child("9999", "0003")).Append(Child("9999b", "9999")).ToArray());

        var merge = await MergeAsync(Locked(Base), ours, theirs);

        Assert.True(merge.ExitCode > 0, merge.Output);
    }

    [Fact]
    public async Task OneBranchAddingAMigration_MergesCleanly()
    {
        var ours = Locked(Base);
        var theirs = Locked(Base.Append(Child("0004", "0003")).ToArray());

        var merge = await MergeAsync(Locked(Base), ours, theirs);

        Assert.Equal(0, merge.ExitCode);
        Assert.Empty(LockComparison.Compare(LockFile.Parse(merge.Output), theirs, "migrations.lock"));
    }

    private static async Task<ProcessResult> MergeAsync(LockFile common, LockFile ours, LockFile theirs)
    {
        using var folder = new TempDirectory("mc-lock");
        await File.WriteAllTextAsync(folder.File("base"), common.Render());
        await File.WriteAllTextAsync(folder.File("ours"), ours.Render());
        await File.WriteAllTextAsync(folder.File("theirs"), theirs.Render());

        // git merge-file: the three-way merge git runs on every file of a branch merge; exit code = conflict count.
        return await ProcessRunner.RunAsync("git", new[] { "merge-file", "--stdout", "ours", "base", "theirs" }, folder.Path);
    }
}
