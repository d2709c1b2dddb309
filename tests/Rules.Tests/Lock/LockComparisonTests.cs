using MigrationChain.Lock;
using static MigrationChain.Rules.Tests.Chain.Facts;
using static MigrationChain.Rules.Tests.Lock.LockFileTests;

namespace MigrationChain.Rules.Tests.Lock;

public class LockComparisonTests
{
    private static readonly RevisionInfo[] Chain = { Root("0001"), Child("0002", "0001"), Child("0003", "0002") };

    private static IReadOnlyList<LockDiagnostic> Compare(string lockText, LockFile current) =>
        LockComparison.Compare(LockFile.Parse(lockText), current, "migrations.lock");

    [Fact]
    public void UnchangedChain_HasNoDiagnostics()
    {
        Assert.Empty(Compare(Locked(Chain).Render(), Locked(Chain)));
    }

    [Fact]
    public void CommentsAndOrder_DoNotCount()
    {
        var reordered = "migrationchain-lock 1\n# hand-written comment\n0003 0002 src:0003-v1\n0001 - src:0001-v1\n0002 0001 src:0002-v1\nheads 0003\n";

        Assert.Empty(Compare(reordered, Locked(Chain)));
    }

    [Fact]
    public void EditedMigration_IsMC4001_OnThatRevision()
    {
        var edited = Locked(Chain).Render().Replace("src:0002-v1", "src:0002-v0", StringComparison.Ordinal);

        var diagnostic = Assert.Single(Compare(edited, Locked(Chain)));

        Assert.Equal((RuleIds.LockedMigrationEdited, "0002"), (diagnostic.Id, diagnostic.Revision));
        Assert.True(diagnostic.PointsAtMigration);
        Assert.Contains("src:0002-v0", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("new migration", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReparentedMigration_IsMC4001()
    {
        var reparented = Locked(Root("0001"), Child("0002", "0001"), Root("0003")).Render();

        var diagnostic = Assert.Single(Compare(reparented, Locked(Chain)));

        Assert.Equal((RuleIds.LockedMigrationEdited, "0003"), (diagnostic.Id, diagnostic.Revision));
        Assert.Contains("parents changed from none (a root) to '0002'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChecksumOfAnotherKind_IsNotAnEdit()
    {
        var ilLock = Locked(Chain).Render().Replace("src:", "il:", StringComparison.Ordinal);

        Assert.Empty(Compare(ilLock, Locked(Chain)));
    }

    [Fact]
    public void NewMigration_IsMC4002_PointingAtTheMigration()
    {
        var current = Locked(Chain.Append(Child("0004", "0003")).ToArray());

        var diagnostic = Assert.Single(Compare(Locked(Chain).Render(), current));

        Assert.Equal((RuleIds.LockFileMissingMigrations, "0004"), (diagnostic.Id, diagnostic.Revision));
        Assert.True(diagnostic.PointsAtMigration);
        Assert.Contains("commit it", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovedRevision_IsMC4003_PointingAtItsLockLine()
    {
        var text = Locked(Chain).Render();

        var diagnostic = Assert.Single(Compare(text, Locked(Chain.Take(2).ToArray())));

        Assert.Equal((RuleIds.LockFileNamesRemovedRevision, "0003"), (diagnostic.Id, diagnostic.Revision));
        Assert.Equal(LockFile.Parse(text).Entries.Single(e => e.Revision == "0003").Line, diagnostic.LockLine);
        Assert.False(diagnostic.PointsAtMigration);
        Assert.Contains("Can't locate revision", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingLockFile_IsOneMC4002_ForTheWholeFile()
    {
        var diagnostic = Assert.Single(LockComparison.Compare(null, Locked(Chain), "migrations.lock"));

        Assert.Equal(RuleIds.LockFileMissingMigrations, diagnostic.Id);
        Assert.Null(diagnostic.Revision);
        Assert.Contains("3 migrations", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingLockFile_IsFine_WhenThereAreNoMigrations()
    {
        Assert.Empty(LockComparison.Compare(null, Locked(), "migrations.lock"));
    }

    [Fact]
    public void UnresolvedMergeConflict_IsMC4002_SayingToMergeTheHeads()
    {
        var conflicted = "migrationchain-lock 1\n0001 - src:0001-v1\n<<<<<<< HEAD\nheads 0001\n=======\n";

        var diagnostics = Compare(conflicted, Locked(Root("0001")));

        Assert.Equal(new[] { 3, 5 }, diagnostics.Select(d => d.LockLine));
        Assert.All(diagnostics, d => Assert.Equal(RuleIds.LockFileMissingMigrations, d.Id));
        Assert.All(diagnostics, d => Assert.Contains("merge migration", d.Message, StringComparison.Ordinal));
    }
}
