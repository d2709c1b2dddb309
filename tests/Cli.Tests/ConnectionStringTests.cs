using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// A misspelt connection-string key or value is a bad URL (exit 2), caught before anything connects: the key is
/// named and the nearest valid one suggested, never a driver's "Couldn't set pasword" at run time.
/// </summary>
public class ConnectionStringTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Username=app;Pasword=s3cret-Value;Database=shop", "'pasword'", "Did you mean 'Password'?")]
    [InlineData("Host=127.0.0.1;Username=app;Databse=shop", "'databse'", "Did you mean 'Database'?")]
    [InlineData("Data Source=notes.db;Foo=bar", "'foo' that SQLite does not know", "Valid keys include: Data Source")]
    [InlineData("Data Source=notes.db;Mode=ReadWriteCreat", "'ReadWriteCreat' is not a valid value for 'mode'", "Did you mean 'readwritecreate'?")]
    [InlineData("postgresql://app:s3cret-Value@127.0.0.1:5432/shop?sslmode=bogus", "'bogus' is not a valid value for 'sslmode'", "'sslmode' takes one of: disable, allow, prefer, require, verify-ca, verify-full.")]
    [InlineData("postgresql://app:s3cret-Value@127.0.0.1:5432/shop?sslmode=requir", "'requir' is not a valid value for 'sslmode'", "Did you mean 'require'?")]
    [InlineData("postgresql://app:s3cret-Value@127.0.0.1:5432/shop?aplication_name=x", "'aplication_name' that PostgreSQL does not know", "Did you mean 'application_name'?")]
    public async Task ABadKeyOrValue_IsABadUrl_NamingItAndTheNearestValidOne(string database, string named, string advice)
    {
        using var folder = new TempDirectory("mc-url");

        var result = await Mchain.RunAsync(folder.Path, "current", "--database", database, "--assembly", Assets.Linear);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Bad database: ", result.Error);
        Assert.Contains(named, result.Error);
        Assert.Contains(advice, result.Error);
        Assert.DoesNotContain("s3cret-Value", result.All);
        Assert.DoesNotContain("Couldn't set", result.Error);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task LibpqSpellingsOfSslmode_AreAccepted()
    {
        using var folder = new TempDirectory("mc-url");

        // Port 9 is discard: nothing listens, so the URL is read and the connection then fails, quickly.
        var result = await Mchain.RunAsync(folder.Path, "current", "--database", "postgresql://app@127.0.0.1:9/shop?sslmode=verify-full&connect_timeout=2", "--assembly", Assets.Linear);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("Bad database", result.Error);
        Assert.Contains("cannot reach the PostgreSQL server", result.Error);
    }
}
