namespace MigrationChain;

/// <summary>
/// One thing the caller can do about an error, as data, so each front end says it in its own words: the C# API's
/// message says <c>Stamp("0003_audit")</c>, the CLI says <c>mchain stamp 0003_audit</c>. Never parsed from a message.
/// </summary>
/// <param name="Kind">What to do.</param>
/// <param name="Revision">The revision it concerns (for <see cref="RemedyKind.Stamp"/>), or null for "the revision the schema matches".</param>
/// <param name="When">When this is the right remedy ("if it finished"), or null when it always is.</param>
internal sealed record Remedy(RemedyKind Kind, string? Revision = null, string? When = null);

/// <summary>The remedies the runtime's errors name.</summary>
internal enum RemedyKind
{
    /// <summary>Record <see cref="Remedy.Revision"/> as the database's revision without running anything.</summary>
    Stamp,

    /// <summary>Run again, running the interrupted non-transactional migration once more.</summary>
    RetryInterrupted,

    /// <summary>Wait longer for the runners' lock.</summary>
    RaiseLockTimeout,

    /// <summary>Keep the version table in a schema the user may create tables in.</summary>
    SetVersionTableSchema,

    /// <summary>Raise the statement timeout: the migration's attribute (StatementTimeoutSeconds) or the runner's default.</summary>
    RaiseStatementTimeout,

    /// <summary>Raise the statement lock timeout: the migration's attribute (LockTimeoutSeconds) or the runner's default.</summary>
    RaiseStatementLockTimeout,

    /// <summary>Raise the driver's command timeout (the runner's option or the connection string's Command Timeout).</summary>
    RaiseCommandTimeout,
}
