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

    /// <summary><c>postgres</c> or <c>sqlite</c>.</summary>
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

    public const char Separator = '\u001f';
}
