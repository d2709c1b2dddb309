using System.Text;

namespace MigrationChain.Benchmarks.Peers.Apps;

/// <summary>MigrationChain as a user's app has it: the runtime, and the analyzers' generator writing the chain manifest.</summary>
/// <param name="name">The app's name; another than the default for a build from another source tree.</param>
/// <param name="sourceRoot">A source tree to build the runtime from (e.g. an earlier commit's, exported with
/// <c>git archive</c>), for a before/after pair in the same run; null: this repository.</param>
internal sealed class MigrationChainApp(string name = "MigrationChain", string? sourceRoot = null) : PeerApp
{
    public override string Name => name;

    protected override string References(Dialect dialect, string repositoryRoot) => $"""
          <ItemGroup>
            <ProjectReference Include="{sourceRoot ?? repositoryRoot}/src/Runtime/MigrationChain.Runtime.csproj" />
            <ProjectReference Include="{sourceRoot ?? repositoryRoot}/src/Analyzers/MigrationChain.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
          </ItemGroup>
        """;

    protected override string PeerClass(Dialect dialect) => $$"""
        using MigrationChain;

        internal static class Peer
        {
            public static void Apply(string connectionString) => NoOp(connectionString);

            public static void NoOp(string connectionString) =>
                MigrationRunner.{{(dialect == Dialect.Sqlite ? "ForSqlite" : "ForPostgres")}}(connectionString, typeof(Peer).Assembly).UpgradeHead();
        }
        """;

    protected override IEnumerable<(string Path, string Content)> Migrations(Dialect dialect, int count)
    {
        var source = new StringBuilder("using MigrationChain;\n\n");
        for (var i = 1; i <= count; i++)
        {
            var parent = i == 1 ? "" : $", Parent = \"m{i - 1:D5}\"";
            source.Append($"[Migration(\"m{i:D5}\"{parent})]\n")
                .Append($"public sealed class M{i:D5} : Migration\n{{\n")
                .Append($"    public override void Upgrade(MigrationBuilder m) {{ m.Sql(\"{CreateTable(i)}\"); m.Sql(\"{CreateIndex(i)}\"); }}\n")
                .Append($"    public override void Downgrade(MigrationBuilder m) => m.Sql(\"DROP TABLE IF EXISTS t_{i}\");\n}}\n\n");
        }

        yield return ("Migrations.cs", source.ToString());
    }
}
