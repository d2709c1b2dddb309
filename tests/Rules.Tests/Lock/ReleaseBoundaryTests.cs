using MigrationChain.Lock;
using static MigrationChain.Rules.Tests.Chain.Facts;
using static MigrationChain.Rules.Tests.Lock.LockFileTests;

namespace MigrationChain.Rules.Tests.Lock;

/// <summary>The release boundary: its place in the lock format, and the question "released or not".</summary>
public class ReleaseBoundaryTests
{
    private static readonly RevisionInfo[] Chain = { Root("0001"), Child("0002", "0001"), Child("0003", "0002"), Child("0004", "0003") };

    private static List<string> Lines(string text) => text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();

    [Fact]
    public void LockWithoutABoundary_RendersAsFormat1_ByteForByteAsBefore_AndEverythingCountsAsReleased()
    {
        var text = Locked(Chain).Render();

        Assert.Equal(LockFile.VersionLine, Lines(text)[0]);
        Assert.DoesNotContain("released", text, StringComparison.Ordinal);
        var boundary = ReleaseBoundary.Of(LockFile.Parse(text));
        Assert.False(boundary.HasBoundary);
        Assert.True(boundary.IsReleased("0004"));
        Assert.True(boundary.IsReleased("9999_not_even_locked"));
        Assert.False(boundary.IsMarkedReleased("0001"));
        Assert.True(ReleaseBoundary.Of(null).IsReleased("0001"));
    }

    [Fact]
    public void OldFormat1LockWrittenByAnEarlierVersion_ReadsAsNoBoundary()
    {
        var parsed = LockFile.Parse("migrationchain-lock 1\n0001 - src:a\n0002 0001 src:b\nheads 0002\n");

        Assert.Empty(parsed.Problems);
        Assert.False(parsed.HasReleaseBoundary);
        Assert.True(ReleaseBoundary.Of(parsed).IsReleased("0002"));
    }

    [Fact]
    public void Releasing_AddsOneLineBeforeTheHeads_AndBumpsTheVersion_LeavingEveryEntryAlone()
    {
        var before = Locked(Chain).Render();

        var after = LockFile.Parse(before).WithReleased(new[] { "0002" }).Render();

        var old = Lines(before);
        var now = Lines(after);
        Assert.Equal(LockFile.ReleasedVersionLine, now[0]);
        Assert.Equal(old.Skip(1).Take(4), now.Skip(1).Take(4));
        Assert.Equal("released 0002", now[5]);
        Assert.Equal(old[^1], now[^1]);
        Assert.Contains("mchain release --accept-edit", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Boundary_IsTheNamedRevisionsAndEverythingBeforeThem_ThroughTheLocksParents()
    {
        var text = LockFile.Parse(Locked(Chain).Render()).WithReleased(new[] { "0002" }).Render();

        var boundary = ReleaseBoundary.Of(LockFile.Parse(text));

        Assert.True(boundary.HasBoundary);
        Assert.True(boundary.IsReleased("0001"));
        Assert.True(boundary.IsReleased("0002"));
        Assert.False(boundary.IsReleased("0003"));
        Assert.False(boundary.IsReleased("0005_not_locked_yet"));
        Assert.Equal("0002", boundary.ReleasedEntry("0002")!.Revision);
        Assert.Null(boundary.ReleasedEntry("0003"));
    }

    [Fact]
    public void ReleasingMore_KeepsOnlyTheLastRevisionsOnTheLine_AndNeverUnreleases()
    {
        var branches = new[] { Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), Merge("0003", "0002a", "0002b") };
        var lockFile = Locked(branches).WithReleased(new[] { "0002a" }).WithReleased(new[] { "0002b" });

        Assert.Equal(new[] { "0002a", "0002b" }, lockFile.Released);

        var merged = lockFile.WithReleased(new[] { "0003" });
        Assert.Equal(new[] { "0003" }, merged.Released);
        Assert.Equal(new[] { "0003" }, merged.WithReleased(new[] { "0001" }).Released);
    }

    [Fact]
    public void Render_ThenParse_KeepsTheBoundary()
    {
        var original = Locked(Chain).WithReleased(new[] { "0003" });

        var parsed = LockFile.Parse(original.Render("\r\n"));

        Assert.Empty(parsed.Problems);
        Assert.Equal(new[] { "0003" }, parsed.Released);
        Assert.Equal(original.Entries.Count, parsed.Entries.Count);
    }

    [Fact]
    public void LocalBuildsLock_CarriesTheBoundaryOver_DroppingRevisionsThatAreGone()
    {
        var locked = Locked(Chain).WithReleased(new[] { "0004" });
        var rebuilt = Locked(Root("0001"), Child("0002", "0001"), Child("0003", "0002"));

        Assert.Equal(new[] { "0004" }, Locked(Chain).WithBoundaryOf(locked).Released);
        Assert.Empty(rebuilt.WithBoundaryOf(locked).Released);
        Assert.Same(rebuilt, rebuilt.WithBoundaryOf(null));
    }

    [Fact]
    public void EditOfAReleasedMigration_IsMC4004_AndOfAnUnreleasedOne_StaysMC4001()
    {
        var locked = LockFile.Parse(Locked(Chain).WithReleased(new[] { "0002" }).Render()
            .Replace("src:0002-v1", "src:0002-v0", StringComparison.Ordinal)
            .Replace("src:0004-v1", "src:0004-v0", StringComparison.Ordinal));

        var diagnostics = LockComparison.Compare(locked, Locked(Chain), "migrations.lock");

        Assert.Equal(new[] { (RuleIds.ReleasedMigrationEdited, "0002"), (RuleIds.LockedMigrationEdited, "0004") }, diagnostics.Select(d => (d.Id, d.Revision!)));
        var released = diagnostics[0];
        Assert.True(released.PointsAtMigration);
        Assert.Contains("was released", released.Message, StringComparison.Ordinal);
        Assert.Contains("new migration", released.Message, StringComparison.Ordinal);
        Assert.Contains("mchain release --accept-edit 0002", released.Message, StringComparison.Ordinal);

        // What a local build must refuse: only the released edit; the unreleased one it follows.
        Assert.Equal(new[] { "0002" }, LockComparison.ReleasedChanges(locked, Locked(Chain), "migrations.lock").Select(d => d.Revision));
    }

    [Fact]
    public void ReleasedRevisionRemoved_IsRefusedLocally_AnUnreleasedOneIsNot()
    {
        var locked = Locked(Chain).WithReleased(new[] { "0003" });

        var withoutReleased = LockComparison.ReleasedChanges(locked, Locked(Root("0001"), Child("0002", "0001")), "migrations.lock");
        var withoutUnreleased = LockComparison.ReleasedChanges(locked, Locked(Root("0001"), Child("0002", "0001"), Child("0003", "0002")), "migrations.lock");

        Assert.Equal(new[] { (RuleIds.LockFileNamesRemovedRevision, "0003") }, withoutReleased.Select(d => (d.Id, d.Revision!)));
        Assert.Empty(withoutUnreleased);
        Assert.Empty(LockComparison.ReleasedChanges(Locked(Chain), Locked(Root("0001")), "migrations.lock"));
    }

    [Fact]
    public void AcceptedEdit_IsNotRefusedLocally_ButCIAsksForTheNewChecksum()
    {
        var locked = LockFile.Parse(Locked(Chain).WithReleased(new[] { "0002" }).WithAcceptedEdit("0002").Render());

        Assert.Contains(locked.Entries, e => e.Revision == "0002" && e.Checksum == LockFile.AcceptEditChecksum);
        Assert.Empty(LockComparison.ReleasedChanges(locked, Locked(Chain), "migrations.lock"));
        var ci = Assert.Single(LockComparison.Compare(locked, Locked(Chain), "migrations.lock"));
        Assert.Equal((RuleIds.LockFileMissingMigrations, "0002"), (ci.Id, ci.Revision));
        Assert.Contains("Build locally", ci.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReleasedLineNamingARevisionTheLockDoesNotList_IsAProblem_NotASilentUnrelease()
    {
        var parsed = LockFile.Parse("migrationchain-lock 2\n0001 - src:a\n0002 0001 src:b\nreleased 0002_typo\nheads 0002\n");

        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(4, problem.Line);
        Assert.Contains("'0002_typo'", problem.Reason, StringComparison.Ordinal);
    }
}
