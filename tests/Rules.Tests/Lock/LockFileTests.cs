using MigrationChain.Lock;
using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Lock;

public class LockFileTests
{
    internal static LockFile Locked(params RevisionInfo[] chain) =>
        LockFile.FromChain(RevisionGraph.Build(chain), info => "src:" + info.Revision + "-v1");

    [Fact]
    public void FromChain_ListsRevisionsParentsFirst_WhateverOrderTheFactsCameIn()
    {
        var lockFile = Locked(Child("0003", "0002"), Root("0001"), Child("0002", "0001"));

        Assert.Equal(new[] { "0001", "0002", "0003" }, lockFile.Entries.Select(e => e.Revision));
        Assert.Equal(new[] { "0003" }, lockFile.Heads);
    }

    [Fact]
    public void Render_WritesOneLinePerRevision_ThenTheHeads()
    {
        var text = Locked(Root("0001"), Child("0002", "0001"), Merge("0004", "0002", "0003"), Child("0003", "0001")).Render();

        var lines = text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Equal(
            new[]
            {
                LockFile.VersionLine,
                "0001 - src:0001-v1",
                "0002 0001 src:0002-v1",
                "0003 0001 src:0003-v1",
                "0004 0002,0003 src:0004-v1",
                "heads 0004",
            },
            lines);
    }

    [Fact]
    public void Render_ThenParse_GivesBackTheSameEntries()
    {
        var original = Locked(Root("0001"), Child("0002", "0001"), Root("p001", branch: "plugins"));

        var parsed = LockFile.Parse(original.Render());

        Assert.Empty(parsed.Problems);
        Assert.Equal(original.Entries.Select(e => (e.Revision, string.Join(",", e.Parents), e.Checksum)),
            parsed.Entries.Select(e => (e.Revision, string.Join(",", e.Parents), e.Checksum)));
        Assert.Equal(original.Heads, parsed.Heads);
    }

    [Fact]
    public void Render_KeepsTheLineEndingItIsGiven()
    {
        var text = Locked(Root("0001")).Render("\r\n");

        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        Assert.Empty(LockFile.Parse(text).Problems);
        Assert.Equal("0001", LockFile.Parse(text).Entries.Single().Revision);
    }

    [Fact]
    public void Parse_RemembersTheLineOfEachEntry()
    {
        var parsed = LockFile.Parse("# comment\n\nmigrationchain-lock 1\n0001 - src:a\n0002 0001 src:b\nheads 0002\n");

        Assert.Equal(new[] { 4, 5 }, parsed.Entries.Select(e => e.Line));
    }

    [Fact]
    public void Parse_ReportsConflictMarkersAsAMergeConflict()
    {
        var parsed = LockFile.Parse(
            "migrationchain-lock 1\n0001 - src:a\n<<<<<<< HEAD\n0002a 0001 src:b\nheads 0002a\n=======\n0002b 0001 src:c\nheads 0002b\n>>>>>>> other\n");

        Assert.Equal(new[] { 3, 6, 9 }, parsed.Problems.Select(p => p.Line));
        Assert.All(parsed.Problems, p => Assert.True(p.IsMergeConflict));
    }

    [Fact]
    public void Parse_ReportsALineWithTheWrongNumberOfFields()
    {
        var problem = Assert.Single(LockFile.Parse("migrationchain-lock 1\n0001 - src:a extra\n").Problems);

        Assert.Equal(2, problem.Line);
        Assert.False(problem.IsMergeConflict);
    }

    [Fact]
    public void Parse_ReportsARevisionListedTwice_AndKeepsTheFirst()
    {
        var parsed = LockFile.Parse("migrationchain-lock 1\n0001 - src:a\n0001 - src:b\n");

        Assert.Equal("src:a", Assert.Single(parsed.Entries).Checksum);
        Assert.Contains("line 2", Assert.Single(parsed.Problems).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReportsAMissingVersionLine_ButStillReadsTheEntries()
    {
        var parsed = LockFile.Parse("0001 - src:a\n");

        Assert.Equal(1, Assert.Single(parsed.Problems).Line);
        Assert.Equal("0001", Assert.Single(parsed.Entries).Revision);
    }

    [Fact]
    public void Parse_ReportsAFormatVersionItDoesNotKnow()
    {
        var problem = Assert.Single(LockFile.Parse("migrationchain-lock 3\n").Problems);

        Assert.Contains("does not read", problem.Reason, StringComparison.Ordinal);
        Assert.Empty(LockFile.Parse("migrationchain-lock 2\nreleased 0001\n0001 - src:a\nheads 0001\n").Problems);
    }

    [Fact]
    public void Parse_AcceptsWindowsLineEndingsAndExtraSpaces()
    {
        var parsed = LockFile.Parse("migrationchain-lock 1\r\n  0001   -   src:a  \r\nheads 0001\r\n");

        Assert.Empty(parsed.Problems);
        Assert.Equal(("0001", "src:a"), (parsed.Entries[0].Revision, parsed.Entries[0].Checksum));
    }
}
