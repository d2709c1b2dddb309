using System.Collections.Generic;
using System.Linq;
using MigrationChain.Schema;
using MigrationChain.Sql;
using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Schema;

/// <summary>SchemaHistory.AgeBefore and ColumnHistory: what production holds when a migration starts.</summary>
public class TableAgeTests
{
    private static MigrationScript Up(params SchemaStep[] steps) => new(steps, System.Array.Empty<SchemaStep>());

    private static (SchemaHistory History, RevisionGraph Graph) Build(RevisionInfo[] chain, Dictionary<string, MigrationScript> scripts)
    {
        var graph = RevisionGraph.Build(chain);
        var byNode = graph.Nodes.Select(n => scripts.TryGetValue(n.Revision, out var s) ? s : MigrationScript.Empty).ToArray();
        return (SchemaHistory.Build(graph, byNode), graph);
    }

    private static TableAge Age(string revision, string table, RevisionInfo[] chain, Dictionary<string, MigrationScript> scripts, params string[] released)
    {
        var (history, graph) = Build(chain, scripts);
        graph.TryGetIndex(revision, out var node);
        return history.AgeBefore(node, table, n => released.Contains(graph.Id(n)));
    }

    private static readonly RevisionInfo[] Line = { Root("0001"), Child("0002", "0001"), Child("0003", "0002"), Child("0004", "0003") };

    [Fact]
    public void CreatedByAnUnreleasedAncestor_IsNew_ByAReleasedOne_Existing_ByNone_PredatesTheChain()
    {
        var scripts = new Dictionary<string, MigrationScript> { ["0002"] = Up(new SchemaStep(SchemaStepKind.CreateTable, "t")) };

        Assert.Equal(TableAgeKind.New, Age("0003", "t", Line, scripts, "0001").Kind);
        Assert.Equal("0002", Age("0003", "t", Line, scripts, "0001").Creator);
        Assert.Equal(TableAgeKind.Existing, Age("0003", "t", Line, scripts, "0001", "0002").Kind);
        Assert.Equal(TableAgeKind.Existing, Age("0003", "legacy", Line, scripts).Kind);
        Assert.Null(Age("0003", "legacy", Line, scripts).Creator);
    }

    [Fact]
    public void Renames_CarryTheAgeOfTheOriginalTable()
    {
        var scripts = new Dictionary<string, MigrationScript>
        {
            ["0001"] = Up(new SchemaStep(SchemaStepKind.CreateTable, "old")),
            ["0002"] = Up(new SchemaStep(SchemaStepKind.RenameTable, "old", "mid")),
            ["0003"] = Up(new SchemaStep(SchemaStepKind.RenameTable, "mid", "new")),
        };

        Assert.Equal(TableAgeKind.Existing, Age("0004", "new", Line, scripts, "0001").Kind);
        Assert.Equal(TableAgeKind.New, Age("0004", "new", Line, new() { ["0002"] = Up(new SchemaStep(SchemaStepKind.CreateTable, "old"), new SchemaStep(SchemaStepKind.RenameTable, "old", "new")) }, "0001").Kind);
        Assert.Equal(TableAgeKind.Gone, Age("0004", "old", Line, scripts, "0001").Kind);
    }

    [Fact]
    public void CreatedOnlyOnAParallelBranch_IsUnknownUntilThatBranchShips()
    {
        var chain = new[] { Root("0001"), Child("0002", "0001"), Child("0101", "0001", branch: "side") };
        var scripts = new Dictionary<string, MigrationScript> { ["0101"] = Up(new SchemaStep(SchemaStepKind.CreateTable, "side")) };

        var unknown = Age("0002", "side", chain, scripts, "0001");
        Assert.Equal(TableAgeKind.OnParallelBranch, unknown.Kind);
        Assert.Equal(new[] { "0101" }, unknown.ParallelCreators);
        Assert.Equal(TableAgeKind.Existing, Age("0002", "side", chain, scripts, "0001", "0101").Kind);
    }

    [Fact]
    public void ColumnHistory_GivesTheLatestAncestorsType_AndValidatedNotNullChecks()
    {
        var graph = RevisionGraph.Build(Line);
        MigrationColumnFacts Read(string sql) => MigrationColumnFacts.Read(SqlStatementClassifier.ClassifyAll(sql, SqlDialect.Postgres));
        var upgrades = graph.Nodes.Select(n => n.Revision switch
        {
            "0001" => Read("CREATE TABLE t (a varchar(10), b text)"),
            "0002" => Read("ALTER TABLE t ALTER COLUMN a TYPE varchar(20); ALTER TABLE t ADD CONSTRAINT b_nn CHECK (b IS NOT NULL) NOT VALID"),
            "0003" => Read("ALTER TABLE t VALIDATE CONSTRAINT b_nn"),
            _ => null,
        }).ToArray();
        var history = ColumnHistory.Build(graph, upgrades);
        int Node(string id) => graph.TryGetIndex(id, out var n) ? n : -1;

        Assert.Equal("varchar(10)", history.TypeBefore(Node("0002"), "t", "a"));
        Assert.Equal("varchar(20)", history.TypeBefore(Node("0004"), "t", "a"));
        Assert.False(history.NotNullValidatedBefore(Node("0003"), "t", "b"));
        Assert.True(history.NotNullValidatedBefore(Node("0004"), "t", "b"));
    }
}
