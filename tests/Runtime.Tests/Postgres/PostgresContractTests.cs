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
