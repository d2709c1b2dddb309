namespace MigrationChain.Lock;

/// <summary>A line of a lock file that could not be read, and why.</summary>
/// <param name="Line">One-based line number.</param>
/// <param name="Reason">What is wrong with it, for the message.</param>
/// <param name="IsMergeConflict">True for a git conflict marker: two branches changed the chain.</param>
internal sealed record LockFileProblem(int Line, string Reason, bool IsMergeConflict);
