namespace MigrationChain.Sqlite;

/// <summary>The SQLite version table's definition, shared by the live session and offline scripts.</summary>
internal static class SqliteVersionTable
{
    /// <summary>The timestamp format of applied_at: ISO 8601 in UTC with seven fractional digits.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The same format computed by SQLite when a script runs (strftime's %f has milliseconds only).</summary>
    public const string NowSql = "strftime('%Y-%m-%dT%H:%M:%S.', 'now') || substr(strftime('%f', 'now'), 4) || '0000Z'";

    public static string Create(string quotedName) => $"""
        CREATE TABLE IF NOT EXISTS {quotedName} (
            revision    TEXT    NOT NULL PRIMARY KEY,
            parents     TEXT    NOT NULL DEFAULT '',
            state       TEXT    NOT NULL DEFAULT 'applied' CHECK (state IN ('applied', 'running')),
            applied_at  TEXT    NOT NULL,
            duration_ms INTEGER NOT NULL DEFAULT 0,
            checksum    TEXT    NULL,
            recorded_by TEXT    NULL CHECK (recorded_by IN ('upgrade', 'stamp'))
        )
        """;

    /// <summary>
    /// Brings a table created by an older runner to the current shape; its existing rows keep NULL (not known).
    /// </summary>
    public static string AddRecordedBy(string quotedName) =>
        $"ALTER TABLE {quotedName} ADD COLUMN recorded_by TEXT NULL CHECK (recorded_by IN ('upgrade', 'stamp'))";

    /// <summary>What <see cref="MatchesAtHead"/> returns when the table is exactly at head.</summary>
    public const string AtHeadAnswer = "at head";

    /// <summary>
    /// <see cref="AtHeadAnswer"/> when the table holds exactly the rows <see cref="Execution.AtHeadFingerprint"/> stands
    /// for (<paramref name="rows"/> of them, joining to <paramref name="expectedText"/>); NULL otherwise. A text, read
    /// as the raw driver reads any value. Both values are written into the statement, so a start binds no parameter
    /// (Microsoft.Data.Sqlite's binding is code the JIT would compile for this one statement): the count is an int,
    /// and the text a SQLite string literal, whose only escape is a doubled quote. The subquery's ORDER BY keeps group_concat in revision order (an aggregate over an ordered subquery is
    /// not flattened); were it ever not, the text would differ and the runner would read the table in full, never
    /// wrongly skip it.
    /// </summary>
    public static string MatchesAtHead(string quotedName, int rows, string expectedText) => $"""
        SELECT CASE WHEN count(*) = {rows} AND group_concat(line, char(30)) = '{expectedText.Replace("'", "''", System.StringComparison.Ordinal)}' THEN '{AtHeadAnswer}' END
        FROM (SELECT revision || char(31) || parents || char(31) || coalesce(checksum, '') || char(31) || state AS line
              FROM {quotedName} ORDER BY revision)
        """;

    /// <summary>Every column, found by name (<see cref="Planning.VersionTableColumns"/>): one query reads any shape.</summary>
    public static string Select(string quotedName) => $"SELECT * FROM {quotedName}";
}
