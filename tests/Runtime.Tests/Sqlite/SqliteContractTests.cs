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

public sealed class SqliteDriftTests : Contracts.DriftTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());

    protected override string OldShapeVersionTable => """
        CREATE TABLE migration_history (
            revision    TEXT    NOT NULL PRIMARY KEY,
            parents     TEXT    NOT NULL DEFAULT '',
            state       TEXT    NOT NULL DEFAULT 'applied' CHECK (state IN ('applied', 'running')),
            applied_at  TEXT    NOT NULL,
            duration_ms INTEGER NOT NULL DEFAULT 0,
            checksum    TEXT    NULL
        )
        """;
}
