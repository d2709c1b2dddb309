using MigrationChain.Testing.Support;

// One throwaway PostgreSQL cluster for every test of this assembly, started on first use.
[assembly: AssemblyFixture(typeof(PostgresFixture))]
