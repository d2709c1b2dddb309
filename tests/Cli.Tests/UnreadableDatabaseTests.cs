using System.Text.Json;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// current never reports a state it could not read: a file that is not SQLite, a file this user may not open, a
/// refused login, a missing PostgreSQL database. Each is "cannot be read", with its own reason and advice, exit 1,
/// and nothing on stdout that a script could take for a revision.
/// </summary>
public class UnreadableDatabaseTests
{
    private readonly PostgresFixture _postgres;

    public UnreadableDatabaseTests(PostgresFixture postgres)
    {
        _postgres = postgres;
    }

    [Fact]
    public async Task AFileThatIsNotSqlite_CannotBeRead_AndIsNotBase()
    {
        using var folder = new TempDirectory("mc-unreadable");
        File.WriteAllText(folder.File("notes.db"), "these are my notes, not a database\n");

        var text = await Mchain.RunAsync(folder.Path, "current", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);
        var json = await Mchain.RunAsync(folder.Path, "current", "--json", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.Equal(1, text.ExitCode);
        Assert.Equal(string.Empty, text.Output);
        Assert.Contains("notes.db: cannot be read: ", text.Error);
        Assert.Contains("is not a SQLite database", text.Error);
        Assert.DoesNotContain("password", text.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("restore a backup: mchain restore <backup> --database sqlite:///notes.db", text.Error);
        Assert.Equal(1, json.ExitCode);
        var database = Database(json);
        Assert.Equal("unreadable", database.GetProperty("state").GetString());
        Assert.True(IsNull(database, "before"));
        Assert.True(database.GetProperty("exists").GetBoolean());
        Assert.Equal("not-a-database", database.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("these are my notes, not a database\n", File.ReadAllText(folder.File("notes.db")));
    }

    /// <summary>
    /// Root ignores file modes, and CI runs the tests as root: there the tool runs as the unprivileged 'postgres'
    /// user (the one the test cluster runs as), for whom chmod 000 really denies the open.
    /// </summary>
    [Fact]
    public async Task AFileThisUserMayNotOpen_IsAPermissionError_WithItsOwnAdvice()
    {
        using var folder = new TempDirectory("mc-unreadable");
        await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);
        File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(folder.File("notes.db"), UnixFileMode.None);

        var result = await RunAsUnprivilegedAsync(folder.Path, "current", "--json", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);
        var text = await RunAsUnprivilegedAsync(folder.Path, "current", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.Equal(1, result.ExitCode);
        var database = Database(result);
        Assert.Equal("unreadable", database.GetProperty("state").GetString());
        Assert.Equal("permission", database.GetProperty("error").GetProperty("kind").GetString());
        Assert.True(IsNull(database, "before"));
        Assert.Equal(1, text.ExitCode);
        Assert.Equal(string.Empty, text.Output);
        Assert.Contains("permission denied", text.Error);
        Assert.Contains("ls -l", text.Error);
        Assert.DoesNotContain("password", text.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AWrongPassword_CannotBeRead_ExistsIsUnknown_AndTheRightOneWorks()
    {
        using var folder = new TempDirectory("mc-unreadable");
        var connectionString = await _postgres.PasswordCheckedDatabaseAsync();
        var wrong = PostgresUrl.From(connectionString, password: "not-" + PostgresFixture.PasswordCheckedRolePassword);
        var right = PostgresUrl.From(connectionString, password: PostgresFixture.PasswordCheckedRolePassword);

        var text = await Mchain.RunAsync(folder.Path, "current", "--database", wrong, "--assembly", Assets.Linear);
        var json = await Mchain.RunAsync(folder.Path, "current", "--json", "--database", wrong, "--assembly", Assets.Linear);
        var withTheRightPassword = await Mchain.RunAsync(folder.Path, "current", "--database", right, "--assembly", Assets.Linear);

        Assert.Equal(1, text.ExitCode);
        Assert.Equal(string.Empty, text.Output);
        Assert.Contains("cannot be read: the server refused the login", text.Error);
        Assert.Contains("password authentication failed", text.Error);
        Assert.DoesNotContain("not-" + PostgresFixture.PasswordCheckedRolePassword, text.All);
        Assert.Equal(1, json.ExitCode);
        var database = Database(json);
        Assert.True(IsNull(database, "exists"));
        Assert.Equal("unreadable", database.GetProperty("state").GetString());
        Assert.Equal("authentication", database.GetProperty("error").GetProperty("kind").GetString());
        Assert.True(withTheRightPassword.ExitCode == 0, withTheRightPassword.ToString());
        Assert.Contains(": (base)", withTheRightPassword.Output);
    }

    [Fact]
    public async Task AMissingPostgresDatabase_CannotBeRead_AndDoesNotExist()
    {
        using var folder = new TempDirectory("mc-unreadable");
        var existing = await _postgres.CreateDatabaseAsync("cli");
        var missing = new NpgsqlConnectionStringBuilder(existing) { Database = "no_such_database_here" }.ToString();

        var text = await Mchain.RunAsync(folder.Path, "current", "--database", PostgresUrl.From(missing), "--assembly", Assets.Linear);
        var json = await Mchain.RunAsync(folder.Path, "current", "--json", "--database", PostgresUrl.From(missing), "--assembly", Assets.Linear);

        Assert.Equal(1, text.ExitCode);
        Assert.Equal(string.Empty, text.Output);
        Assert.Contains("cannot be read: the database does not exist on the server", text.Error);
        Assert.Contains("no_such_database_here", text.Error);
        Assert.False(Database(json).GetProperty("exists").GetBoolean());
        Assert.True(IsNull(Database(json), "before"));
    }

    /// <summary>Unknown is null in the JSON (or left out, as every null is).</summary>
    private static bool IsNull(JsonElement element, string property) =>
        !element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null;

    private static JsonElement Database(ProcessResult result)
    {
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.GetProperty("databases")[0].Clone();
    }

    private static Task<ProcessResult> RunAsUnprivilegedAsync(string workingDirectory, params string[] arguments)
    {
        if (!TestEnvironment.IsRoot)
        {
            return Mchain.RunAsync(workingDirectory, arguments);
        }

        var environment = Mchain.Environment(new Dictionary<string, string?> { ["DOTNET_CLI_HOME"] = Path.GetTempPath(), ["HOME"] = Path.GetTempPath() });
        return ProcessRunner.RunAsync("runuser", new[] { "-u", "postgres", "--", "dotnet", Mchain.ToolPath }.Concat(arguments), workingDirectory,
            environment, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);
    }
}
