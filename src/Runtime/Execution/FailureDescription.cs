namespace MigrationChain.Execution;

/// <summary>
/// What a provider can add to a database error: the statement that failed, when only the error knows it (a data
/// migration's own command), and what the error means for the person fixing the migration (a timeout, a statement
/// that cannot run in a transaction). Null parts add nothing.
/// </summary>
internal sealed record FailureDescription(string? Statement, string? Cause)
{
    public static readonly FailureDescription None = new(null, null);
}
