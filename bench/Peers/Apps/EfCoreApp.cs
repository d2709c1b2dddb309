using System.Text;

namespace MigrationChain.Benchmarks.Peers.Apps;

/// <summary>
/// EF Core: a context without entities and N hand-written migrations of raw SQL, applied by Database.Migrate(),
/// each in its own transaction (EF's default). A new context per call, as a request or a startup would make.
/// </summary>
internal sealed class EfCoreApp : PeerApp
{
    public override string Name => "EfCore";

    protected override string References(Dialect dialect, string repositoryRoot) => dialect == Dialect.Sqlite
        ? """  <ItemGroup><PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" /></ItemGroup>"""
        : """  <ItemGroup><PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" /></ItemGroup>""";

    protected override string PeerClass(Dialect dialect) => $$"""
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Diagnostics;

        public sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options);

        internal static class Peer
        {
            public static void Apply(string connectionString) => NoOp(connectionString);

            public static void NoOp(string connectionString)
            {
                // The model has no entities and the migrations are SQL only, so there is no snapshot to compare.
                var options = new DbContextOptionsBuilder<BenchContext>()
                    .{{(dialect == Dialect.Sqlite ? "UseSqlite" : "UseNpgsql")}}(connectionString)
                    .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
                    .Options;
                using var context = new BenchContext(options);
                context.Database.Migrate();
            }
        }
        """;

    protected override IEnumerable<(string Path, string Content)> Migrations(Dialect dialect, int count)
    {
        var source = new StringBuilder("using Microsoft.EntityFrameworkCore.Infrastructure;\nusing Microsoft.EntityFrameworkCore.Migrations;\n\n");
        for (var i = 1; i <= count; i++)
        {
            source.Append($"[DbContext(typeof(BenchContext))]\n[Migration(\"{20260101000000L + i}_m{i:D5}\")]\n")
                .Append($"public sealed class M{i:D5} : Migration\n{{\n")
                .Append($"    protected override void Up(MigrationBuilder b) {{ b.Sql(\"{CreateTable(i)}\"); b.Sql(\"{CreateIndex(i)}\"); }}\n")
                .Append($"    protected override void Down(MigrationBuilder b) => b.Sql(\"DROP TABLE IF EXISTS t_{i}\");\n}}\n\n");
        }

        yield return ("Migrations.cs", source.ToString());
    }
}
