using MigrationChain.Testing.Support;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

// Every test waits on child processes rather than computing; more of them than cores keeps the machine busy.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
