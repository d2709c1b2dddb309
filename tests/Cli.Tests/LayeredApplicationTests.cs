using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Cli.Tests;

/// <summary>The layered application, built once for every test of the class that only reads it.</summary>
public sealed class BuiltLayeredApplication : IAsyncLifetime
{
    internal LayeredApplication Application { get; } = new();

    public async ValueTask InitializeAsync() => await Application.BuildAsync();

    public ValueTask DisposeAsync()
    {
        Application.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The three-project layout docs/build.md recommends (Catalog and Billing declare migrations, Service references
/// both): the tool must see the whole chain from the service, as the build task and the runner do.
/// </summary>
public class LayeredApplicationTests : IClassFixture<BuiltLayeredApplication>
{
    private const string WholeChain = "chain: 3 revision(s), head 0003_invoices: ok";
    private readonly LayeredApplication _app;
    private readonly PostgresFixture _postgres;

    public LayeredApplicationTests(BuiltLayeredApplication built, PostgresFixture postgres)
    {
        _app = built.Application;
        _postgres = postgres;
    }

    [Fact]
    public async Task CheckHistoryAndHeads_FromTheService_SeeTheMigrationsOfBothLibraries()
    {
        var check = await Mchain.RunAsync(_app.Root, "check", "--project", "Service", "--no-build");
        var startup = await Mchain.RunAsync(_app.Root, "check", "--startup-project", "Service/Service.csproj", "--no-build");
        var history = await Mchain.RunAsync(_app.Root, "history", "--assembly", _app.Output("Service"));
        var heads = await Mchain.RunAsync(_app.Root, "heads", "--assembly", _app.Output("Service"));
        var twoLibraries = await Mchain.RunAsync(_app.Root, "check", "-a", _app.Output("Catalog"), "-a", _app.Output("Billing"));
        var catalogAlone = await Mchain.RunAsync(_app.Root, "check", "-a", _app.Output("Catalog"));

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal(WholeChain, check.Output.Trim());
        Assert.True(startup.ExitCode == 0, startup.ToString());
        Assert.Equal(WholeChain, startup.Output.Trim());
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Equal(
            new[] { "0002_prices -> 0003_invoices (head)", "0001_products -> 0002_prices", "<base> -> 0001_products" },
            history.Output.Trim().ReplaceLineEndings("\n").Split('\n'));
        Assert.Equal("0003_invoices (head)", heads.Output.Trim());
        Assert.Equal(WholeChain, twoLibraries.Output.Trim());
        Assert.Equal("chain: 2 revision(s), head 0002_prices: ok", catalogAlone.Output.Trim());
    }

    [Fact]
    public async Task NoBuild_RemembersWhereTheOutputIs_UntilTheProjectFileChanges()
    {
        await Mchain.RunAsync(_app.Root, "heads", "--project", "Service", "--no-build");
        var remembered = await Mchain.RunAsync(_app.Root, "heads", "--project", "Service", "--no-build", "--verbose");
        File.SetLastWriteTimeUtc(_app.ServiceProject, DateTime.UtcNow.AddSeconds(2));
        var changed = await Mchain.RunAsync(_app.Root, "heads", "--project", "Service", "--no-build", "--verbose");

        Assert.True(remembered.ExitCode == 0, remembered.ToString());
        Assert.Contains("trace: output of Service.csproj from ", remembered.Error);
        Assert.DoesNotContain("trace: dotnet msbuild", remembered.Error);
        Assert.Equal("0003_invoices (head)", remembered.Output.Trim());
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Contains("changed since", changed.Error);
        Assert.Contains("trace: dotnet msbuild", changed.Error);
    }

    [Fact]
    public async Task AnAssemblyWithoutMigrations_IsAnError_NamingEveryAssemblySearched_NeverOk()
    {
        var shared = TestEnvironment.BuiltOutput("tests/Cli.Tests.Assets/Shared", "MigrationChain.Cli.Tests.Assets.Shared.dll");

        var check = await Mchain.RunAsync(_app.Root, "check", "--assembly", shared);
        var history = await Mchain.RunAsync(_app.Root, "history", "--assembly", shared);

        Assert.Equal(2, check.ExitCode);
        Assert.Equal(string.Empty, check.Output);
        Assert.Contains($"No migrations found. Searched 1 assembly(ies): {shared}", check.Error);
        Assert.Contains("--assembly (it may be repeated)", check.Error);
        Assert.Equal(2, history.ExitCode);
        Assert.DoesNotContain("(no migrations)", history.Output);
    }

    [Fact]
    public async Task UpgradeSql_WithAndWithoutABuild_PipedIntoSqlite3_BringsTheDatabaseToHead()
    {
        using var folder = new TempDirectory("mc-layered-sql");
        var built = new SqliteFile(folder.File("built.db"));
        var prebuilt = new SqliteFile(folder.File("prebuilt.db"));

        var withBuild = await Pipe("sqlite3 -bail \"$DB\"", built.Path, "upgrade", "--sql", "--database", built.Url, "--project", "Service");
        var withoutBuild = await Pipe("sqlite3 -bail \"$DB\"", prebuilt.Path, "upgrade", "--sql", "--database", prebuilt.Url, "--project", "Service", "--no-build");

        Assert.True(withBuild.ExitCode == 0, withBuild.ToString());
        Assert.Contains("building Service.csproj (Debug) ...", withBuild.Error);
        Assert.True(withoutBuild.ExitCode == 0, withoutBuild.ToString());
        foreach (var database in new[] { built, prebuilt })
        {
            Assert.Equal(new[] { "0001_products", "0002_prices", "0003_invoices" }, database.Recorded());
            Assert.Equal(new[] { "invoices", "prices", "products" }, database.Tables());
        }
    }

    [Fact]
    public async Task UpgradeSql_WithAndWithoutABuild_PipedIntoPsql_BringsTheDatabaseToHead()
    {
        foreach (var build in new[] { true, false })
        {
            var connectionString = await _postgres.CreateDatabaseAsync("layered");
            var database = new NpgsqlConnectionStringBuilder(connectionString);
            var psql = $"psql -X -q -v ON_ERROR_STOP=1 -h '{database.Host}' -p {database.Port} -U '{database.Username}' -d \"$DB\"";
            var arguments = new List<string> { "upgrade", "--sql", "--database", PostgresUrl.From(connectionString), "--project", "Service" };
            if (!build)
            {
                arguments.Add("--no-build");
            }

            var result = await Pipe(psql, database.Database!, arguments.ToArray());

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(new[] { "0001_products", "0002_prices", "0003_invoices" }, PostgresUrl.Recorded(connectionString));
        }
    }

    /// <summary>
    /// <c>mchain ... | consumer</c> through a real shell pipe with pipefail, as a deploy script writes it: stdout is all
    /// the consumer sees, so anything but the document breaks it.
    /// </summary>
    private async Task<ProcessResult> Pipe(string consumer, string database, params string[] arguments)
    {
        var command = "set -o pipefail; dotnet \"$TOOL\" \"$@\" | " + consumer;
        var environment = Mchain.Environment(new Dictionary<string, string?> { ["TOOL"] = Mchain.ToolPath, ["DB"] = database });
        return await ProcessRunner.RunAsync("bash", new[] { "-c", command, "mchain" }.Concat(arguments), _app.Root, environment,
            TimeSpan.FromMinutes(4), TestContext.Current.CancellationToken);
    }
}
