using System;
using System.Collections.Generic;
using MigrationChain.Execution;
using MigrationChain.Sql;

namespace MigrationChain.Sqlite;

/// <summary>SQLite bookkeeping for offline scripts: BEGIN IMMEDIATE per migration, as the runner does; no lock beyond it.</summary>
internal sealed class SqliteScriptDialect : ScriptDialect
{
    private readonly string _table;

    public SqliteScriptDialect(string quotedTable)
    {
        _table = quotedTable;
    }

    public override SqlDialect Dialect => SqlDialect.Sqlite;

    public override string HowToRun => "Run it with: sqlite3 -bail <database file> < <this file>";

    public override string BeginTransaction => "BEGIN IMMEDIATE";

    public override string CommitTransaction => "COMMIT";

    public override IEnumerable<string> Prologue(bool createVersionTable) =>
        createVersionTable ? new[] { SqliteVersionTable.Create(_table) } : Array.Empty<string>();

    public override IEnumerable<string> Epilogue() => Array.Empty<string>();

    public override string MarkRunning(string revision, IReadOnlyList<string> parents, string? checksum) => Row(revision, parents, "running", checksum);

    public override string RecordApplied(string revision, IReadOnlyList<string> parents, string? checksum) => Row(revision, parents, "applied", checksum);

    public override string Forget(string revision) => $"DELETE FROM {_table} WHERE revision = {Literal(revision)}";

    private string Row(string revision, IReadOnlyList<string> parents, string state, string? checksum) =>
        $"INSERT OR REPLACE INTO {_table} (revision, parents, state, applied_at, duration_ms, checksum) " +
        $"VALUES ({Literal(revision)}, {Literal(string.Join(" ", parents))}, '{state}', {SqliteVersionTable.NowSql}, 0, {(checksum is null ? "NULL" : Literal(checksum))})";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
