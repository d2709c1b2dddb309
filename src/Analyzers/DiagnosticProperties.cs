namespace MigrationChain.Analyzers;

/// <summary>
/// Keys of the properties diagnostics carry for their code fixes: what the analyzer already worked out (the revision
/// to use, where a clause goes) so a fix does not have to redo the analysis.
/// </summary>
internal static class DiagnosticProperties
{
    /// <summary>MC1001/MC1002: the revision <c>Parent</c> (or the misspelt reference) should name.</summary>
    public const string SuggestedRevision = "SuggestedRevision";

    /// <summary>MC1002: the reference that names no revision.</summary>
    public const string MissingRevision = "MissingRevision";

    /// <summary>MC1003: the heads a merge should join, separated by <see cref="Separator"/>.</summary>
    public const string Heads = "Heads";

    /// <summary><c>postgres</c>, <c>sqlite</c> or <c>both</c> (<c>migrationchain.sql_dialect</c>).</summary>
    public const string Dialect = "Dialect";

    /// <summary>Where in the SQL text a missing <c>IF [NOT] EXISTS</c> goes (absent when it cannot be written there).</summary>
    public const string SqlOffset = "SqlOffset";

    /// <summary>The text to insert at <see cref="SqlOffset"/>, e.g. <c> IF EXISTS</c>.</summary>
    public const string SqlInsert = "SqlInsert";

    /// <summary>The table to guard on, as <c>TableExists</c> takes it.</summary>
    public const string Table = "Table";

    /// <summary>The column, for a <c>ColumnExists</c> guard.</summary>
    public const string Column = "Column";

    /// <summary><see cref="GuardTableExists"/> or <see cref="GuardColumnAbsent"/>: the guard that would make the call safe.</summary>
    public const string Guard = "Guard";

    public const string GuardTableExists = "TableExists";

    public const string GuardColumnAbsent = "ColumnAbsent";

    /// <summary>The name of the <c>MigrationBuilder</c> parameter, for writing the guard.</summary>
    public const string Builder = "Builder";

    /// <summary><c>true</c> when the <c>Sql</c> call holds this one statement, so guarding the call guards nothing else.</summary>
    public const string SingleStatement = "SingleStatement";

    /// <summary>MC3001: <c>Parent</c> or <c>DependsOn</c>, when a declaration change would make the table's creator an ancestor.</summary>
    public const string LinkKind = "LinkKind";

    /// <summary>MC3001: the revision the new Parent or DependsOn entry names (its attribute is the additional location).</summary>
    public const string LinkTarget = "LinkTarget";

    /// <summary>
    /// MC5xxx: where the statement starts in the SQL text (with <see cref="StatementEnd"/>). Set only when the call's
    /// argument is one string literal, so SQL-text offsets map onto the literal; <see cref="SqlOffset"/> and
    /// <see cref="SqlInsert"/> then say where a missing word goes (<c> CONCURRENTLY</c>, <c> NOT VALID</c>).
    /// </summary>
    public const string StatementStart = "StatementStart";

    /// <summary>MC5xxx: offset just past the statement's last token in the SQL text (no closing semicolon).</summary>
    public const string StatementEnd = "StatementEnd";

    /// <summary>MC5005/MC5008: where the <c>ALTER TABLE</c> action starts in the SQL text (with <see cref="ActionEnd"/>).</summary>
    public const string ActionStart = "ActionStart";

    /// <summary>MC5005/MC5008: offset just past the action's last token.</summary>
    public const string ActionEnd = "ActionEnd";

    /// <summary>MC5005: the constraint's name as written (absent when the statement names none), for the VALIDATE.</summary>
    public const string Constraint = "Constraint";

    /// <summary>MC5xxx: the lock the statement takes, as pg_locks names it (<c>AccessExclusiveLock</c>).</summary>
    public const string LockMode = "LockMode";

    /// <summary>MC5xxx: <c>true</c>, <c>false</c>, or absent when the migration's Transactional is not a constant.</summary>
    public const string Transactional = "Transactional";

    /// <summary>MC5xxx: the revision of the migration, for naming a new child migration.</summary>
    public const string Revision = "Revision";

    /// <summary>
    /// MC5xxx: <c>true</c> when the call's argument is a single string literal, so the span keys above point into
    /// the literal's value; absent otherwise (concatenations, constants), where a fix must not edit the SQL text.
    /// </summary>
    public const string SqlIsLiteral = "SqlIsLiteral";

    public const char Separator = '\u001f';
}
