using System.Collections.Generic;
using System.Linq;
using MigrationChain.Schema;
using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Schema;

public class SchemaHistoryTests
{
    private static readonly Dictionary<string, MigrationScript> NoScripts = new();

    private static SchemaStep Create(string table) => new(SchemaStepKind.CreateTable, table);

    private static SchemaStep Drop(string table) => new(SchemaStepKind.DropTable, table);

    private static SchemaStep Alter(string table, bool guarded = false, int tag = 0) => new(SchemaStepKind.AlterTable, table, isGuarded: guarded, tag: tag);

    private static SchemaStep Rename(string from, string to) => new(SchemaStepKind.RenameTable, from, to);

    private static MigrationScript Up(params SchemaStep[] steps) => new(steps, System.Array.Empty<SchemaStep>());

    /// <summary>Findings for one revision of a chain whose scripts are given by revision id (missing: empty).</summary>
    private static List<UnknownTableAlter> Findings(string revision, RevisionInfo[] chain, Dictionary<string, MigrationScript?> scripts)
    {
        var graph = RevisionGraph.Build(chain);
        var byNode = graph.Nodes.Select(n => scripts.TryGetValue(n.Revision, out var s) ? s : MigrationScript.Empty).ToArray();
        graph.TryGetIndex(revision, out var node);
        return SchemaHistory.Build(graph, byNode).UnknownTableAlters(node);
    }

    [Fact]
    public void AlterOfATableNoOneCreated_IsFound()
    {
        var finding = Assert.Single(Findings("0002", new[] { Root("0001"), Child("0002", "0001") }, new() { ["0002"] = Up(Alter("embeddings", tag: 7)) }));

        Assert.Equal(TableUncertaintyKind.NeverCreated, finding.Uncertainty.Kind);
        Assert.Equal(7, finding.Step.Tag);
        Assert.False(finding.InDowngrade);
    }

    [Fact]
    public void AlterOfATableAnAncestorCreated_IsFine()
    {
        var chain = new[] { Root("0001"), Child("0002", "0001"), Child("0003", "0002") };

        Assert.Empty(Findings("0003", chain, new() { ["0001"] = Up(Create("t")), ["0003"] = Up(Alter("t")) }));
    }

    [Fact]
    public void GuardedAlter_IsFine()
    {
        Assert.Empty(Findings("0001", new[] { Root("0001") }, new() { ["0001"] = Up(Alter("t", guarded: true)) }));
    }

    [Fact]
    public void CreateEarlierInTheSameMigration_Counts_ButNotLater()
    {
        Assert.Empty(Findings("0001", new[] { Root("0001") }, new() { ["0001"] = Up(Create("t"), Alter("t")) }));
        Assert.Single(Findings("0001", new[] { Root("0001") }, new() { ["0001"] = Up(Alter("t"), Create("t")) }));
    }

    [Fact]
    public void TableDroppedByAnAncestor_IsNotKnownToExist()
    {
        var chain = new[] { Root("0001"), Child("0002", "0001"), Child("0003", "0002") };

        var finding = Assert.Single(Findings("0003", chain, new() { ["0001"] = Up(Create("t")), ["0002"] = Up(Drop("t")), ["0003"] = Up(Alter("t")) }));

        Assert.Equal(TableUncertaintyKind.Dropped, finding.Uncertainty.Kind);
        Assert.Equal(new[] { "0002" }, finding.Uncertainty.Droppers);
    }

    [Fact]
    public void TableRecreatedAfterADrop_ExistsAgain()
    {
        var chain = new[] { Root("0001"), Child("0002", "0001"), Child("0003", "0002"), Child("0004", "0003") };

        Assert.Empty(Findings("0004", chain, new() { ["0001"] = Up(Create("t")), ["0002"] = Up(Drop("t")), ["0003"] = Up(Create("t")), ["0004"] = Up(Alter("t")) }));
    }

    [Fact]
    public void TableCreatedOnAParallelBranch_IsNotKnownToExist()
    {
        // 0002a and 0002b both follow 0001; 0002a's table may not exist when 0003 (after 0002b) runs.
        var chain = new[] { Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), Child("0003", "0002b") };

        var finding = Assert.Single(Findings("0003", chain, new() { ["0002a"] = Up(Create("t")), ["0003"] = Up(Alter("t")) }));

        Assert.Equal(TableUncertaintyKind.CreatedOnlyElsewhere, finding.Uncertainty.Kind);
        Assert.Equal(new[] { "0002a" }, finding.Uncertainty.Creators);
    }

    [Fact]
    public void DtRagLayout_AdvisesTheParentOfTheStrayRoot_NotAGuard()
    {
        // 0004 declares no Parent, so 0005 (after it) alters 'embeddings', which only 0001 on the other chain creates.
        var chain = new[] { Root("0001"), Child("0002", "0001"), Child("0003", "0002"), Root("0004"), Child("0005", "0004") };

        var finding = Assert.Single(Findings("0005", chain, new() { ["0001"] = Up(Create("embeddings")), ["0005"] = Up(Alter("embeddings")) }));

        Assert.Equal(TableUncertaintyKind.CreatedOnlyElsewhere, finding.Uncertainty.Kind);
        var link = finding.Uncertainty.Link!;
        Assert.Equal((AncestorLinkKind.Parent, "0004", "0003", "0001"), (link.Kind, link.On, link.Target, link.Creator));
        Assert.Contains("set Parent = \"0003\" on it", link.Describe("embeddings"), StringComparison.Ordinal);
        Assert.Contains("silently do nothing", link.Describe("embeddings"), StringComparison.Ordinal);

        // The advice is right: with that Parent the table is known to exist.
        var repaired = chain.Select(r => r.Revision == "0004" ? Child("0004", "0003") : r).ToArray();
        Assert.Empty(Findings("0005", repaired, new() { ["0001"] = Up(Create("embeddings")), ["0005"] = Up(Alter("embeddings")) }));
    }

    [Fact]
    public void TableFromAParallelBranch_AdvisesADependsOnThatMakesNoCycle()
    {
        var chain = new[] { Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), Child("0003", "0002b") };

        var finding = Assert.Single(Findings("0003", chain, new() { ["0002a"] = Up(Create("t")), ["0003"] = Up(Alter("t")) }));

        var link = finding.Uncertainty.Link!;
        Assert.Equal((AncestorLinkKind.DependsOn, "0003", "0002a"), (link.Kind, link.On, link.Target));
        var repaired = chain.Select(r => r.Revision == "0003" ? Child("0003", "0002b", dependsOn: new[] { "0002a" }) : r).ToArray();
        Assert.Empty(Findings("0003", repaired, new() { ["0002a"] = Up(Create("t")), ["0003"] = Up(Alter("t")) }));
    }

    [Fact]
    public void TableCreatedOnlyByALaterMigration_HasNoLink_ForAnyLinkWouldBeACycle()
    {
        var chain = new[] { Root("0001"), Child("0002", "0001"), Child("0003", "0002") };

        var finding = Assert.Single(Findings("0002", chain, new() { ["0002"] = Up(Alter("t")), ["0003"] = Up(Create("t")) }));

        Assert.Equal(TableUncertaintyKind.CreatedOnlyElsewhere, finding.Uncertainty.Kind);
        Assert.Null(finding.Uncertainty.Link);
    }

    [Fact]
    public void MainChainAlteringATableOfAStrayChain_IsNotToldToReparentTheMainChain()
    {
        // 0001-0003 is the main line; the stray root p001 creates the table. Re-parenting 0001 would be wrong.
        var chain = new[] { Root("0001"), Child("0002", "0001"), Child("0003", "0002"), Root("p001") };

        var finding = Assert.Single(Findings("0003", chain, new() { ["p001"] = Up(Create("t")), ["0003"] = Up(Alter("t")) }));

        var link = finding.Uncertainty.Link!;
        Assert.Equal((AncestorLinkKind.DependsOn, "0003", "p001"), (link.Kind, link.On, link.Target));
    }

    [Fact]
    public void TableNoMigrationCreates_HasNoLink()
    {
        var finding = Assert.Single(Findings("0002", new[] { Root("0001"), Child("0002", "0001") }, new() { ["0002"] = Up(Alter("t")) }));

        Assert.Null(finding.Uncertainty.Link);
    }

    [Fact]
    public void MergeAfterTheCreatingBranch_KnowsTheTable()
    {
        var chain = new[] { Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), Merge("0003", "0002a", "0002b"), Child("0004", "0003") };

        Assert.Empty(Findings("0004", chain, new() { ["0002a"] = Up(Create("t")), ["0004"] = Up(Alter("t")) }));
    }

    [Fact]
    public void CreatedOnOneBranchAndDroppedOnAnother_IsNotKnownAfterTheMerge()
    {
        var chain = new[] { Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), Merge("0003", "0002a", "0002b") };

        var finding = Assert.Single(Findings("0003", chain, new() { ["0002a"] = Up(Create("t")), ["0002b"] = Up(Drop("t")), ["0003"] = Up(Alter("t")) }));

        Assert.Equal(TableUncertaintyKind.CreatedAndDroppedInParallel, finding.Uncertainty.Kind);
        Assert.Equal(new[] { "0002a" }, finding.Uncertainty.Creators);
        Assert.Equal(new[] { "0002b" }, finding.Uncertainty.Droppers);
    }

    [Fact]
    public void DropOnABranch_AfterACreateOnTheTrunk_WinsAtTheMerge()
    {
        var chain = new[] { Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), Merge("0003", "0002a", "0002b") };

        var finding = Assert.Single(Findings("0003", chain, new() { ["0001"] = Up(Create("t")), ["0002a"] = Up(Drop("t")), ["0003"] = Up(Alter("t")) }));

        Assert.Equal(TableUncertaintyKind.Dropped, finding.Uncertainty.Kind);
    }

    [Fact]
    public void DependsOnTargets_RunBefore()
    {
        var chain = new[] { Root("0001"), Root("p001", branch: "plugins"), Child("0002", "0001", dependsOn: new[] { "p001" }) };

        Assert.Empty(Findings("0002", chain, new() { ["p001"] = Up(Create("plugin_state")), ["0002"] = Up(Alter("plugin_state")) }));
    }

    [Fact]
    public void RenamedTable_ExistsUnderItsNewName()
    {
        var chain = new[] { Root("0001"), Child("0002", "0001") };

        var findings = Findings("0002", chain, new() { ["0001"] = Up(Create("a"), Rename("a", "b")), ["0002"] = Up(Alter("b"), Alter("a")) });

        Assert.Equal("a", Assert.Single(findings).Step.Table);
    }

    [Fact]
    public void UnreadableAncestor_ExcusesAMissingCreate_ButNotADrop()
    {
        var chain = new[] { Root("0001"), Child("0002", "0001"), Child("0003", "0002") };

        Assert.Empty(Findings("0003", chain, new() { ["0001"] = MigrationScript.Opaque, ["0003"] = Up(Alter("t")) }));
        Assert.Single(Findings("0003", chain, new() { ["0001"] = MigrationScript.Opaque, ["0002"] = Up(Drop("t")), ["0003"] = Up(Alter("t")) }));
    }

    [Fact]
    public void UnreadableSqlEarlierInTheSameUpgrade_ExcusesAMissingCreate()
    {
        Assert.Empty(Findings("0001", new[] { Root("0001") }, new() { ["0001"] = Up(SchemaStep.Unknown(0), Alter("t")) }));
    }

    [Fact]
    public void Downgrade_StartsFromWhatTheUpgradeLeft()
    {
        var script = new MigrationScript(new[] { Create("a"), Drop("b") }, new[] { Alter("a"), Alter("b", tag: 2) });

        var finding = Assert.Single(Findings("0002", new[] { Root("0001"), Child("0002", "0001") }, new() { ["0001"] = Up(Create("b")), ["0002"] = script }));

        Assert.True(finding.InDowngrade);
        Assert.Equal(2, finding.Step.Tag);
        Assert.Equal(TableUncertaintyKind.DroppedEarlierInMigration, finding.Uncertainty.Kind);
    }

    [Fact]
    public void RevisionsOnACycle_AreNotJudged()
    {
        var chain = new[] { Child("0001", "0002"), Child("0002", "0001") };

        Assert.Empty(Findings("0001", chain, new() { ["0001"] = Up(Alter("t")) }));
    }

    [Fact]
    public void LongLinearChain_AnswersQuickly()
    {
        var chain = Linear(20_000).ToArray();
        var scripts = new Dictionary<string, MigrationScript?> { [chain[0].Revision] = Up(Create("t")) };
        foreach (var revision in chain.Skip(1))
        {
            scripts[revision.Revision] = Up(Alter("t"));
        }

        var graph = RevisionGraph.Build(chain);
        var history = SchemaHistory.Build(graph, graph.Nodes.Select(n => scripts[n.Revision]).ToArray());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var findings = Enumerable.Range(0, graph.Count).Sum(n => history.UnknownTableAlters(n).Count);

        Assert.Equal(0, findings);
        Assert.True(watch.Elapsed < System.TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }
}
