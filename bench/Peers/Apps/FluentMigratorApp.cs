using System.Text;

namespace MigrationChain.Benchmarks.Peers.Apps;

/// <summary>FluentMigrator: N migration classes of Execute.Sql, MigrateUp() with a transaction per migration (its default).</summary>
internal sealed class FluentMigratorApp : PeerApp
{
    public override string Name => "FluentMigrator";

    protected override string References(Dialect dialect, string repositoryRoot) => dialect == Dialect.Sqlite
        ? """
              <ItemGroup>
                <PackageReference Include="FluentMigrator.Runner.Core" />
                <PackageReference Include="FluentMigrator.Runner.SQLite" />
                <PackageReference Include="Microsoft.Data.Sqlite" />
              </ItemGroup>
            """
        : """
              <ItemGroup>
                <PackageReference Include="FluentMigrator.Runner.Core" />
                <PackageReference Include="FluentMigrator.Runner.Postgres" />
                <PackageReference Include="Npgsql" />
              </ItemGroup>
            """;

    protected override string PeerClass(Dialect dialect) => $$"""
        using FluentMigrator.Runner;
        using Microsoft.Extensions.DependencyInjection;

        internal static class Peer
        {
            public static void Apply(string connectionString) => NoOp(connectionString);

            public static void NoOp(string connectionString)
            {
                using var services = new ServiceCollection()
                    .AddFluentMigratorCore()
                    .ConfigureRunner(runner => runner.{{(dialect == Dialect.Sqlite ? "AddSQLite()" : "AddPostgres()")}}
                        .WithGlobalConnectionString(connectionString)
                        .ScanIn(typeof(Peer).Assembly).For.Migrations())
                    .BuildServiceProvider(false);
                using var scope = services.CreateScope();
                scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateUp();
            }
        }
        """;

    protected override IEnumerable<(string Path, string Content)> Migrations(Dialect dialect, int count)
    {
        var source = new StringBuilder("using FluentMigrator;\n\n");
        for (var i = 1; i <= count; i++)
        {
            source.Append($"[Migration({i})]\n")
                .Append($"public sealed class M{i:D5} : Migration\n{{\n")
                .Append($"    public override void Up() {{ Execute.Sql(\"{CreateTable(i)}\"); Execute.Sql(\"{CreateIndex(i)}\"); }}\n")
                .Append($"    public override void Down() => Execute.Sql(\"DROP TABLE IF EXISTS t_{i}\");\n}}\n\n");
        }

        yield return ("Migrations.cs", source.ToString());
    }
}
