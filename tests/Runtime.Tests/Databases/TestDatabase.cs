namespace MigrationChain.Runtime.Tests;

/// <summary>
/// A database for one test, whatever the provider: runners over test chains, and ways to look inside that read the
/// same on SQLite and PostgreSQL, so one test body can run against both.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract string ConnectionString { get; }

    /// <summary>A fragment of the provider's error for <c>INSERT INTO no_such_table</c>.</summary>
    public abstract string MissingTableError { get; }

    /// <summary>A runner over the migration classes nested in <paramref name="chain"/>.</summary>
    public MigrationRunner Runner(Type chain, MigrationRunnerOptions? options = null) => Runner(chain.GetNestedTypes(), options);

    public abstract MigrationRunner Runner(IReadOnlyList<Type> migrations, MigrationRunnerOptions? options = null);

    public abstract void Execute(string sql);

    public abstract object? Scalar(string sql);

    public abstract List<string> Strings(string sql);

    /// <summary>Tables the migrations can see, sorted ordinally (the version table included).</summary>
    public abstract List<string> Tables();

    public abstract bool HasColumn(string table, string column);

    /// <summary>Every table, column, index and constraint except the version table's, as sorted text.</summary>
    public abstract List<string> Schema();

    /// <summary>Revisions recorded in the version table (its name unquoted), sorted.</summary>
    public List<string> Recorded(string table = "migration_history") =>
        Strings($"SELECT revision FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\" ORDER BY revision");

    /// <summary>Writes an applied version row by hand, as a user repairing or breaking a database would.</summary>
    public abstract void Record(string revision, string parents = "");

    /// <summary>Runs an offline script the way its header says a DBA would, stopping at the first error.</summary>
    public abstract void RunScript(string script);

    public abstract ValueTask DisposeAsync();
}
