using System.Text;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Cli.Tests;

/// <summary>The tool against the test PostgreSQL cluster, through URLs that carry a password which must never be shown.</summary>
public class PostgresTests
{
    private readonly PostgresFixture _postgres;

    public PostgresTests(PostgresFixture postgres)
    {
        _postgres = postgres;
    }

    [Fact]
    public async Task EveryDatabaseCommand_WorksThroughAPostgresUrl_AndNoneShowsThePassword()
    {
        using var folder = new TempDirectory("mc-pg");
        var connectionString = await _postgres.CreateDatabaseAsync("cli");
        var url = PostgresUrl.From(connectionString);
        var shown = PostgresUrl.From(connectionString, password: null);

        var upgrade = await Run(folder, "upgrade", "--database", url, "--verbose");
        var current = await Run(folder, "current", "--database", url);
        var history = await Run(folder, "history", "--graph", "--database", url);
        var downgrade = await Run(folder, "downgrade", "0001", "--database", url);
        var afterDowngrade = PostgresUrl.Recorded(connectionString);
        var check = await Run(folder, "check", "--database", url);
        var stamp = await Run(folder, "stamp", "head", "--database", url);
        var checkAgain = await Run(folder, "check", "--json", "--database", url);

        foreach (var result in new[] { upgrade, current, history, downgrade, check, stamp, checkAgain })
        {
            Assert.DoesNotContain(PostgresUrl.Password, result.All);
            Assert.DoesNotContain(Uri.EscapeDataString(PostgresUrl.Password), result.All);
        }

        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Contains($"Upgraded {shown} to 0003_note_tags (3 migration(s) in ", upgrade.Output);
        Assert.Contains("trace: ", upgrade.Error);
        Assert.Contains($"{shown}: 0003_note_tags (head)", current.Output);
        Assert.Contains("*  0003_note_tags (head)  applied ", history.Output);
        Assert.True(downgrade.ExitCode == 0, downgrade.ToString());
        Assert.Equal(new[] { "0001_create_notes" }, afterDowngrade);
        Assert.Equal(4, check.ExitCode);
        Assert.True(stamp.ExitCode == 0, stamp.ToString());
        Assert.Equal(0, checkAgain.ExitCode);
        Assert.Equal(new[] { "0001_create_notes", "0002_add_tags", "0003_note_tags" }, PostgresUrl.Recorded(connectionString));
    }

    [Fact]
    public async Task ThePostgresScheme_AndANativeConnectionString_AreAccepted()
    {
        using var folder = new TempDirectory("mc-pg");
        var first = await _postgres.CreateDatabaseAsync("cli");
        var second = await _postgres.CreateDatabaseAsync("cli");
        var native = new NpgsqlConnectionStringBuilder(second) { Password = PostgresUrl.Password }.ToString();

        var viaScheme = await Run(folder, "upgrade", "0002", "--database", PostgresUrl.From(first, scheme: "postgres"));
        var viaNative = await Run(folder, "upgrade", "--database", native);

        Assert.True(viaScheme.ExitCode == 0, viaScheme.ToString());
        Assert.Equal(2, PostgresUrl.Recorded(first).Count);
        Assert.True(viaNative.ExitCode == 0, viaNative.ToString());
        Assert.Equal(3, PostgresUrl.Recorded(second).Count);
        Assert.DoesNotContain(PostgresUrl.Password, viaNative.All);
    }

    [Fact]
    public async Task ALockHeldByAnotherRunner_TimesOut_NamingThatRunnersPidAndApplication()
    {
        using var folder = new TempDirectory("mc-pg");
        var connectionString = await _postgres.CreateDatabaseAsync("cli");
        var url = PostgresUrl.From(connectionString);
        // The first runner holds the lock inside 0002_add_tags until the test writes the release file, however slow
        // the machine: the second runner's outcome does not depend on how fast it starts.
        var release = folder.File("release-the-first-runner");
        var held = Mchain.Environment(new Dictionary<string, string?> { ["CLI_ASSETS_WAIT_FILE"] = release });
        using var first = ProcessRunner.Start("dotnet", new[] { Mchain.ToolPath, "upgrade", "--database", url, "--assembly", Assets.Linear }, folder.Path, held);
        var firstOutput = new StringBuilder();
        var firstErrors = first.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        ProcessResult second;
        try
        {
            while (await first.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                firstOutput.AppendLine(line);
                if (line.Contains("upgrade 0001_create_notes done", StringComparison.Ordinal))
                {
                    break;
                }
            }

            second = await Run(folder, "upgrade", "--lock-timeout", "1", "--database", url);
        }
        finally
        {
            File.WriteAllText(release, string.Empty);
        }

        firstOutput.Append(await first.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken));
        await first.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(6, second.ExitCode);
        Assert.Contains("waiting for the migration lock", second.All);
        Assert.Contains("held by pid ", second.Error);
        Assert.Contains($"application_name 'mchain {Environment.MachineName} pid {first.Id}'", second.Error);
        Assert.DoesNotContain(PostgresUrl.Password, second.All);
        Assert.True(first.ExitCode == 0, firstOutput + await firstErrors);
        Assert.Equal(3, PostgresUrl.Recorded(connectionString).Count);
    }

    [Fact]
    public async Task AServerError_SaysWhatTheServerSaid_WithoutThePassword_EvenVerbose()
    {
        using var folder = new TempDirectory("mc-pg");
        var connectionString = await _postgres.CreateDatabaseAsync("cli");
        var missing = new NpgsqlConnectionStringBuilder(connectionString) { Database = "no_such_database_here" }.ToString();

        var result = await Run(folder, "current", "--verbose", "--database", PostgresUrl.From(missing));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the database does not exist on the server:", result.Error);
        Assert.Contains("no_such_database_here", result.Error);
        Assert.Contains("   at ", result.Error);
        Assert.DoesNotContain(PostgresUrl.Password, result.All);
    }

    [Fact]
    public async Task AFleetListFile_MixesSqliteAndPostgres_BackingUpOnlyTheSqliteFile()
    {
        using var folder = new TempDirectory("mc-pg");
        var connectionString = await _postgres.CreateDatabaseAsync("cli");
        var sqlite = new SqliteFile(folder.File("local.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--no-backup", "--database", sqlite.Url, "--assembly", Assets.Linear);
        File.WriteAllLines(folder.File("tenants.txt"), new[]
        {
            "# one database per tenant",
            string.Empty,
            "sqlite:///local.db",
            "  " + PostgresUrl.From(connectionString) + "  ",
        });

        var result = await Run(folder, "upgrade", "--databases", "tenants.txt");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 upgraded, 0 already up to date, 0 failed.", result.Output);
        Assert.Contains(PostgresUrl.From(connectionString, password: null), result.Output);
        Assert.DoesNotContain(PostgresUrl.Password, result.All);
        Assert.Equal(3, sqlite.Recorded().Count);
        Assert.Equal(3, PostgresUrl.Recorded(connectionString).Count);
        Assert.Single(Directory.GetFiles(folder.Path, "local.db.*.bak"));
    }

    [Fact]
    public async Task SqlScript_ForPostgres_NeedsNoServer()
    {
        using var folder = new TempDirectory("mc-pg");

        var result = await Run(folder, "upgrade", "0001:head", "--sql", "--database", "postgresql://app:" + PostgresUrl.Password + "@127.0.0.1:1/shop");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("psql", result.Output);
        Assert.Contains("pg_advisory_lock", result.Output);
        Assert.Contains("CREATE TABLE tags", result.Output);
        Assert.DoesNotContain("CREATE TABLE notes", result.Output);
        Assert.DoesNotContain(PostgresUrl.Password, result.All);
    }

    private static Task<ProcessResult> Run(TempDirectory folder, params string[] arguments) =>
        Mchain.RunAsync(folder.Path, arguments.Append("--assembly").Append(Assets.Linear).ToArray());
}
