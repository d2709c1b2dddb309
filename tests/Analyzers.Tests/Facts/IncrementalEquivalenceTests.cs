using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace MigrationChain.Analyzers.Tests.Facts;

/// <summary>
/// What the analyzers carry over from one compilation to the next (chain view, each migration's replay findings, each
/// file's MC5xxx findings and the chain's answers behind them) must never show in their results: after every edit of a
/// sequence, the compilation that inherited the caches reports exactly what a compilation of freshly parsed trees
/// (nothing to inherit) reports, and no analyzer throws.
/// </summary>
public class IncrementalEquivalenceTests
{
    // One migration per file, a straight chain; each file asks the chain something another file's edit changes.
    private static readonly string[] Sql =
    {
        "CREATE TABLE orders (id int, note text)",
        "CREATE TABLE customers (id int, name text)",
        "ALTER TABLE orders ADD COLUMN IF NOT EXISTS total int",
        "ALTER TABLE customers ALTER COLUMN id TYPE bigint",
        "CREATE INDEX orders_note ON orders (note)",
        "ALTER TABLE customers ALTER COLUMN name SET NOT NULL",
        "ALTER TABLE orders ADD COLUMN paid boolean",
        "CREATE TABLE invoices (id int)",
        "ALTER TABLE invoices ADD COLUMN IF NOT EXISTS amount int",
        "CREATE INDEX customers_name ON customers (name)",
        "DROP INDEX orders_note",
    };

    private static string Id(int index) => (index + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    private static string Migration(int index, string? parent, string sql) => $$"""
        using MigrationChain;

        [Migration("{{Id(index)}}"{{(parent is null ? string.Empty : $", Parent = \"{parent}\"")}})]
        public sealed class M{{Id(index)}} : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("{{sql}}");

            public override void Downgrade(MigrationBuilder m) => m.Sql("SELECT 1");
        }
        """;

    private static Dictionary<string, string> Files()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Sql.Length; i++)
        {
            files[$"/Shop/M{Id(i)}.cs"] = Migration(i, i == 0 ? null : Id(i - 1), Sql[i]);
        }

        return files;
    }

    /// <summary>Every diagnostic as text: id, file, span, message, properties and extra locations.</summary>
    private static async Task<List<string>> Diagnostics(Compilation compilation)
    {
        var (diagnostics, exceptions) = await Analysis.RunAsync(compilation, Analysis.All, sqlDialect: "postgres");
        Assert.Empty(exceptions);
        return diagnostics
            .Select(d => string.Join(
                " | ",
                d.Id,
                d.Location.SourceTree?.FilePath,
                d.Location.SourceSpan.ToString(),
                d.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                string.Join(";", d.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
                string.Join(";", d.AdditionalLocations.Select(l => $"{l.SourceTree?.FilePath}@{l.SourceSpan}"))))
            .OrderBy(text => text, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Applies each edit to the live compilation (only the edited tree replaced) and compares with a fresh parse.</summary>
    private static async Task<List<List<string>>> ReplayEdits(params Action<Dictionary<string, string>>[] edits)
    {
        var files = Files();
        var trees = files.ToDictionary(f => f.Key, f => Compilations.Parse(f.Value, f.Key), StringComparer.Ordinal);
        Compilation live = Compilations.Create("Shop", Array.Empty<string>()).AddSyntaxTrees(trees.Values);
        var results = new List<List<string>> { await Diagnostics(live) };
        foreach (var edit in edits)
        {
            var next = new Dictionary<string, string>(files, StringComparer.Ordinal);
            edit(next);
            foreach (var removed in files.Keys.Except(next.Keys).ToList())
            {
                live = live.RemoveSyntaxTrees(trees[removed]);
                trees.Remove(removed);
            }

            foreach (var (path, text) in next)
            {
                if (!trees.TryGetValue(path, out var tree))
                {
                    trees[path] = Compilations.Parse(text, path);
                    live = live.AddSyntaxTrees(trees[path]);
                }
                else if (files[path] != text)
                {
                    trees[path] = tree.WithChangedText(SourceText.From(text));
                    live = live.ReplaceSyntaxTree(tree, trees[path]);
                }
            }

            files = next;
            var incremental = await Diagnostics(live);
            var fresh = await Diagnostics(Compilations.Create("Shop", Array.Empty<string>())
                .AddSyntaxTrees(live.SyntaxTrees.Select(t => Compilations.Parse(t.GetText(TestContext.Current.CancellationToken).ToString(), t.FilePath))));
            Assert.Equal(fresh, incremental);
            results.Add(incremental);
        }

        return results;
    }

    private static Action<Dictionary<string, string>> Rewrite(int index, string? parent, string sql) =>
        files => files[$"/Shop/M{Id(index)}.cs"] = Migration(index, parent, sql);

    [Fact]
    public async Task BreakingAndFixingAParent_ReportsWhatAFreshCompilationReports()
    {
        var results = await ReplayEdits(
            Rewrite(2, "0002x", Sql[2]),
            Rewrite(2, Id(1), Sql[2]),
            Rewrite(5, "0001", Sql[5]),
            Rewrite(5, Id(4), Sql[5]));

        // The broken Parent cuts 0003 and every later migration off the tables 0001 and 0002 create.
        // Files whose diagnostics depend on nothing outside them report the same throughout.
        Assert.All(results, r => Assert.Contains(r, d => d.StartsWith("MC3002", StringComparison.Ordinal)));
        Assert.All(results, r => Assert.Contains(r, d => d.StartsWith("MC3003", StringComparison.Ordinal)));
        Assert.Contains(results[1], d => d.StartsWith("MC1002", StringComparison.Ordinal));
        Assert.Contains(results[1], d => d.StartsWith("MC3001", StringComparison.Ordinal) && d.Contains("M0004", StringComparison.Ordinal));
        Assert.Equal(results[0], results[2]);
        Assert.NotEqual(results[0], results[3]);
        Assert.Equal(results[0], results[4]);
    }

    [Fact]
    public async Task AddingAndRemovingAMigration_ReportsWhatAFreshCompilationReports()
    {
        var results = await ReplayEdits(
            files => files["/Shop/M0099.cs"] = Migration(98, Id(3), "DROP TABLE IF EXISTS orders"),
            files => files.Remove("/Shop/M0099.cs"),
            files => files["/Shop/M0099.cs"] = Migration(98, Id(10), "ALTER TABLE customers ALTER COLUMN id TYPE int"),
            files => files.Remove("/Shop/M0099.cs"));

        Assert.Contains(results[1], d => d.StartsWith("MC1003", StringComparison.Ordinal));
        Assert.Equal(results[0], results[2]);
        Assert.NotEqual(results[0], results[3]);
        Assert.Equal(results[0], results[4]);
    }

    [Fact]
    public async Task ChangingSqlThatAnotherMigrationAsksAbout_ReportsWhatAFreshCompilationReports()
    {
        var results = await ReplayEdits(
            // customers.id is bigint from the start: 0004's type change no longer rewrites the table.
            Rewrite(1, Id(0), "CREATE TABLE customers (id bigint, name text)"),
            // orders is no longer created: 0003, 0005 and 0007 alter or index a table nothing creates.
            Rewrite(0, null, "CREATE TABLE shipments (id int, note text)"),
            Rewrite(0, null, Sql[0]),
            Rewrite(1, Id(0), Sql[1]),
            // invoices dropped right after it is created (a new event for 0009's table).
            Rewrite(7, Id(6), "CREATE TABLE invoices (id int); DROP TABLE invoices"));

        Assert.NotEqual(results[0], results[1]);
        Assert.Contains(results[2], d => d.StartsWith("MC3001", StringComparison.Ordinal) && d.Contains("M0003", StringComparison.Ordinal));
        Assert.Equal(results[0], results[4]);
        Assert.Contains(results[5], d => d.StartsWith("MC3001", StringComparison.Ordinal) && d.Contains("M0009", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChangingAConstantAnotherFileReadsItsSqlFrom_ReportsWhatAFreshCompilationReports()
    {
        var results = await ReplayEdits(
            files => files["/Shop/Sql.cs"] = "public static class Statements { public const string Add = \"ALTER TABLE orders ADD COLUMN IF NOT EXISTS x int\"; }",
            files => files["/Shop/M0012.cs"] = Migration(11, Id(10), "\" + Statements.Add + \""),
            files => files["/Shop/Sql.cs"] = "public static class Statements { public const string Add = \"ALTER TABLE orders ADD COLUMN x int; DROP TABLE orders\"; }");

        // The SQL of 0012 is read through the semantic model: its file's findings follow the constant's file.
        Assert.DoesNotContain(results[2], d => d.Contains("M0012.cs", StringComparison.Ordinal) && d.StartsWith("MC300", StringComparison.Ordinal));
        Assert.Contains(results[3], d => d.Contains("M0012.cs", StringComparison.Ordinal) && d.StartsWith("MC3003", StringComparison.Ordinal));
        Assert.Contains(results[3], d => d.Contains("M0012.cs", StringComparison.Ordinal) && d.StartsWith("MC3002", StringComparison.Ordinal));
    }
}
