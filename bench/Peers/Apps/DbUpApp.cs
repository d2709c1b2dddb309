namespace MigrationChain.Benchmarks.Peers.Apps;

/// <summary>DbUp: N .sql scripts embedded in the app (DbUp's usual setup), a transaction per script.</summary>
internal sealed class DbUpApp : PeerApp
{
    public override string Name => "DbUp";

    // dbup-sqlite brings Microsoft.Data.Sqlite.Core without a native SQLite; an app adds the bundled driver, as here.
    protected override string References(Dialect dialect, string repositoryRoot) => $"""
          <ItemGroup>
            <PackageReference Include="{(dialect == Dialect.Sqlite ? "dbup-sqlite" : "dbup-postgresql")}" />
            {(dialect == Dialect.Sqlite ? "<PackageReference Include=\"Microsoft.Data.Sqlite\" />" : "")}
            <EmbeddedResource Include="Scripts/*.sql" />
          </ItemGroup>
        """;

    protected override string PeerClass(Dialect dialect) => $$"""
        using DbUp;

        internal static class Peer
        {
            public static void Apply(string connectionString) => NoOp(connectionString);

            public static void NoOp(string connectionString)
            {
                var result = DeployChanges.To.{{(dialect == Dialect.Sqlite ? "SqliteDatabase" : "PostgresqlDatabase")}}(connectionString)
                    .WithScriptsEmbeddedInAssembly(typeof(Peer).Assembly)
                    .WithTransactionPerScript()
                    .LogToNowhere()
                    .Build()
                    .PerformUpgrade();
                if (!result.Successful)
                {
                    throw result.Error;
                }
            }
        }
        """;

    protected override IEnumerable<(string Path, string Content)> Migrations(Dialect dialect, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            yield return ($"Scripts/m{i:D5}.sql", $"{CreateTable(i)};\n{CreateIndex(i)};\n");
        }
    }
}
