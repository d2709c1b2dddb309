using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Postgres;

// The provider-neutral specifications, run against PostgreSQL: each test in a schema of its own.
public sealed class PostgresUpgradeAndDowngradeTests(PostgresFixture fixture) : Contracts.UpgradeAndDowngradeTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync(fixture);
}

public sealed class PostgresStampAndDatabaseStateTests(PostgresFixture fixture) : Contracts.StampAndDatabaseStateTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync(fixture);
}

public sealed class PostgresNonTransactionalTests(PostgresFixture fixture) : Contracts.NonTransactionalTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync(fixture);
}

public sealed class PostgresTargetTests(PostgresFixture fixture) : Contracts.TargetTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync(fixture);
}

public sealed class PostgresBranchTests(PostgresFixture fixture) : Contracts.BranchTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync(fixture);
}

public sealed class PostgresScriptTests(PostgresFixture fixture) : Contracts.ScriptTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync(fixture);
}

public sealed class PostgresDriftTests(PostgresFixture fixture) : Contracts.DriftTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync(fixture);

    protected override string OldShapeVersionTable => """
        CREATE TABLE migration_history (
            revision    text        NOT NULL PRIMARY KEY,
            parents     text        NOT NULL DEFAULT '',
            state       text        NOT NULL DEFAULT 'applied' CHECK (state IN ('applied', 'running')),
            applied_at  timestamptz NOT NULL,
            duration_ms bigint      NOT NULL DEFAULT 0,
            checksum    text        NULL
        )
        """;
}
