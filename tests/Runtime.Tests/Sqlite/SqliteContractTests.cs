namespace MigrationChain.Runtime.Tests.Sqlite;

// The provider-neutral specifications, run against a SQLite file.
public sealed class SqliteUpgradeAndDowngradeTests : Contracts.UpgradeAndDowngradeTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());
}

public sealed class SqliteStampAndDatabaseStateTests : Contracts.StampAndDatabaseStateTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());
}

public sealed class SqliteNonTransactionalTests : Contracts.NonTransactionalTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());
}

public sealed class SqliteTargetTests : Contracts.TargetTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());
}

public sealed class SqliteBranchTests : Contracts.BranchTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());
}

public sealed class SqliteScriptTests : Contracts.ScriptTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());
}
