namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>
/// The <c>ALTER TABLE [IF EXISTS] [ONLY] name </c> part of the flagged statement, as written (quoting and schema
/// kept), for the statements a recipe adds on the same table.
/// </summary>
internal static class AlterTablePrefix
{
    /// <summary>
    /// A downgrade that runs nothing, on purpose: SQL that is only a comment has no statement. A recipe step such as
    /// VALIDATE CONSTRAINT changes nothing a downgrade must undo (its parent's downgrade drops the constraint), and an
    /// empty Downgrade would read as a forgotten one (MC2001).
    /// </summary>
    public const string NothingToUndo = "-- nothing to undo: validating a constraint changes no schema";

    /// <summary>The prefix with one trailing space, or null when the statement's action is not its only one.</summary>
    public static string? Of(OnlineFixFacts facts)
    {
        if (facts.Sql is not { } sql
            || facts.Offset(DiagnosticProperties.StatementStart) is not { } start
            || facts.Offset(DiagnosticProperties.ActionStart) is not { } action
            || action <= start)
        {
            return null;
        }

        var prefix = sql.Substring(start, action - start).Trim();
        var isAlterTable = prefix.StartsWith("ALTER", System.StringComparison.OrdinalIgnoreCase) && prefix.Length > "ALTER TABLE".Length;
        return isAlterTable && !prefix.EndsWith(",", System.StringComparison.Ordinal) ? prefix + " " : null;
    }

    /// <summary>True when nothing but the action follows it in the statement.</summary>
    public static bool ActionIsLast(OnlineFixFacts facts) =>
        facts.Sql is { } sql
        && facts.Offset(DiagnosticProperties.ActionEnd) is { } actionEnd
        && facts.Offset(DiagnosticProperties.StatementEnd) is { } statementEnd
        && statementEnd >= actionEnd
        && sql.Substring(actionEnd, statementEnd - actionEnd).Trim().Length == 0;
}
