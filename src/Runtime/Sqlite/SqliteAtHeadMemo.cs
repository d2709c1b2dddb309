using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using MigrationChain.Execution;
using SQLitePCL;

namespace MigrationChain.Sqlite;

/// <summary>
/// Remembers, per pooled SQLite connection, that its database was exactly at head, and what would have moved had
/// anything changed since: <c>PRAGMA data_version</c> (changes committed by any other connection, in any process),
/// <c>total_changes()</c> (rows this connection changed, whoever used it meanwhile) and <c>PRAGMA schema_version</c>
/// (tables created, dropped or altered). While all three are unchanged the version table is as it was, so a
/// reused or new runner's no-op costs one small statement however long the chain is; when one moved, the caller
/// compares the table again. Only for a version table in the <c>main</c> schema of a file opened without a shared
/// cache: there the three counters see every change.
/// </summary>
internal static class SqliteAtHeadMemo
{
    // One text, read as the raw driver reads any value (no integer column reader, no struct to box or wrap at a start).
    private const string Counters = "d.data_version || ' ' || s.schema_version || ' ' || total_changes()";
    private const string CountersFrom = "FROM pragma_data_version AS d, pragma_schema_version AS s";
    private const string CountersSql = "SELECT " + Counters + " " + CountersFrom;

    /// <summary>Separates the counters from the comparison's answer in <see cref="WithCounters"/>'s text.</summary>
    public const char CountersEnd = '|';

    private static readonly ConditionalWeakTable<sqlite3, Entry> Entries = new();

    /// <summary>The connection's counters now (as one text), or null when this database cannot be remembered this way.</summary>
    public static string? Read(SqliteConnection connection, SqliteProvider provider)
    {
        if (!provider.CanRememberAtHead)
        {
            return null;
        }

        using var command = connection.CreateCommand();
        command.CommandText = CountersSql;
        return (string?)command.ExecuteScalar();
    }

    /// <summary>
    /// True when this connection remembers the table at head for <paramref name="expected"/>, so reading its counters
    /// may answer without comparing. A connection that does not (every connection of a starting process) compares
    /// at once, reading the counters in the same statement (<see cref="WithCounters"/>) instead of one before it.
    /// </summary>
    public static bool Remembers(SqliteConnection connection, string table, AtHeadFingerprint expected) =>
        connection.Handle is { } handle
        && Entries.TryGetValue(handle, out var entry)
        && ReferenceEquals(entry.Expected, expected)
        && entry.Table == table;

    /// <summary>
    /// <paramref name="comparison"/> (a statement answering one text or NULL) with the counters in front of its answer,
    /// <c>counters|answer</c>: one statement reads both in one read transaction, so the counters are those of the very
    /// rows compared, as when they were read just before.
    /// </summary>
    public static string WithCounters(string comparison) =>
        $"SELECT {Counters} || '{CountersEnd}' || coalesce(({comparison}), '') {CountersFrom}";

    /// <summary>True when this connection saw the table exactly at head for <paramref name="expected"/> and nothing moved since.</summary>
    public static bool StillAtHead(SqliteConnection connection, string table, AtHeadFingerprint expected, string now) =>
        connection.Handle is { } handle
        && Entries.TryGetValue(handle, out var entry)
        && ReferenceEquals(entry.Expected, expected)
        && entry.Table == table
        && string.Equals(entry.Counters, now, System.StringComparison.Ordinal);

    /// <summary>Remembers the counters read before the comparison that found the table at head.</summary>
    public static void Remember(SqliteConnection connection, string table, AtHeadFingerprint expected, string before)
    {
        if (connection.Handle is { } handle)
        {
            Entries.AddOrUpdate(handle, new Entry(expected, table, before));
        }
    }

    private sealed record Entry(AtHeadFingerprint Expected, string Table, string Counters);
}
