using Microsoft.Data.Sqlite;
using MigrationChain.Sqlite;

namespace MigrationChain.Runtime.Tests.Sqlite;

/// <summary>
/// The runner sets the driver's default timeout (its lock wait) by appending the keyword to the caller's connection
/// string: whatever the string held before, the driver must read the runner's timeout and every other setting as given.
/// </summary>
public sealed class SqliteConnectionStringTests
{
    [Theory]
    [InlineData("Data Source=app.db")]
    [InlineData("Data Source=app.db;")]
    [InlineData("Data Source=app.db ;  ")]
    [InlineData("Data Source=app.db;Default Timeout=300")]
    [InlineData("Command Timeout=300;Data Source=app.db")]
    [InlineData("Data Source='a;b.db';Mode=ReadWriteCreate;Cache=Shared")]
    [InlineData("Data Source=\"x\"\"y.db\";Pooling=False")]
    [InlineData("")]
    public void TheAppendedTimeout_Wins_AndEverythingElseIsKept(string connectionString)
    {
        var given = new SqliteConnectionStringBuilder(connectionString);

        var made = new SqliteConnectionStringBuilder(SqliteProvider.WithDefaultTimeout(connectionString, 7));

        Assert.Equal(7, made.DefaultTimeout);
        Assert.Equal(given.DataSource, made.DataSource);
        Assert.Equal(given.Mode, made.Mode);
        Assert.Equal(given.Cache, made.Cache);
        Assert.Equal(given.Pooling, made.Pooling);
        given.DefaultTimeout = 7;
        Assert.Equal(given.ToString(), made.ToString());
    }
}
