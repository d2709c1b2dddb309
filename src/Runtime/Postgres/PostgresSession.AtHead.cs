using System.Collections.Generic;
using System.Globalization;
using MigrationChain.Execution;
using MigrationChain.Planning;
using Npgsql;

namespace MigrationChain.Postgres;

/// <summary>
/// The no-op probe for a synchronous <c>UpgradeHead()</c> (<see cref="AtHeadShortcut"/>): the same statements,
/// answers and memo as <see cref="ReadUnlessAtHeadAsync"/>, through Npgsql's synchronous API, so a start that finds
/// the database at head runs no asynchronous state machine of ours or of the driver's beyond what opening a
/// connection needs. Values are written into the statement as literals (<see cref="PostgresAtHeadLiterals"/>), not
/// bound as parameters: binding is ~80 methods of the driver's the JIT compiles at a start, for three values that
/// are a number, a hex digest (at a start, the text the server hashes into it) and a state made of letters, digits
/// and spaces.
/// </summary>
internal sealed partial class PostgresSession
{
    // What the synchronous probe read on this session when the table was not exactly at head: the engine's first
    // read, taken once (PrimedFirstRead), so handing the session over costs no second round trip.
    private VersionTableSnapshot? _primedFirstRead;

    /// <summary>Null when exactly at head; otherwise what a full read returns. Throws what <see cref="ReadUnlessAtHeadAsync"/> throws.</summary>
    public VersionTableSnapshot? ReadUnlessAtHead(AtHeadFingerprint expected)
    {
        var target = _provider.AtHeadMemoKey;
        var memo = PostgresAtHeadMemo.Get(expected, target);

        // Decided once per call: a probe retried without the companion sends what the first one did.
        var digest = PostgresAtHeadLiterals.Digest(expected);
        if (!memo.CompanionUnusable)
        {
            try
            {
                if (memo.AtHeadState is { } remembered && StateIsStill(remembered, ReadState()))
                {
                    return null;
                }

                var (snapshot, state) = Probe(expected, digest, withState: true, memo.AtHeadState);
                return AfterStateProbe(expected, target, memo, snapshot, state);
            }
            catch (PostgresException e) when (CompanionUnreadable(e))
            {
                // As ReadUnlessAtHeadAsync: no companion, or one this user may not read; compare without it.
                memo = CompanionUnusable(expected, target, memo);
            }
        }

        try
        {
            var (snapshot, readable) = Probe(expected, digest, withState: false, remembered: null);
            return AfterPlainProbe(expected, target, memo, snapshot, readable);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return VersionTableSnapshot.Missing;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedFunction)
        {
            // A table older than checksums, or a server without sha256(): read it in full, as the engine would.
            using var command = Command(null, VersionTable.Select);
            using var reader = command.ExecuteReader();
            var rows = new List<VersionRow>();
            var columns = Columns(reader);
            while (reader.Read())
            {
                rows.Add(ReadRow(reader, columns));
            }

            _versionTableSeen = true;
            return new VersionTableSnapshot(true, rows);
        }
    }

    /// <summary>The version table's state now, or null when it has none (<see cref="PostgresVersionState.StateOf"/>).</summary>
    private string? ReadState()
    {
        using var command = Command(null, VersionTable.StateQuery);
        return command.ExecuteScalar() as string;
    }

    // The memo's bookkeeping around a probe, one copy for the synchronous and the asynchronous read.

    /// <summary>
    /// A warm no-op's answer when this process remembers the state at which it last found the table at head: the state
    /// alone is one small statement, where the probe is one the server takes about twice as long to plan
    /// (docs/benchmarks.md, "seventh session"). Unchanged, the table is at head, as the probe would say from the same
    /// comparison; moved, the probe follows and compares the rows (a second round trip, only after a change).
    /// </summary>
    private bool StateIsStill(string remembered, string? now)
    {
        if (now != remembered)
        {
            return false;
        }

        // The state names the table the name resolves to now: the table exists.
        _versionTableSeen = true;
        return true;
    }

    /// <summary>After a probe with the companion: remembers a new at-head state.</summary>
    private static VersionTableSnapshot? AfterStateProbe(AtHeadFingerprint expected, string target, PostgresAtHeadMemo.Entry memo, VersionTableSnapshot? snapshot, string? state)
    {
        if (snapshot is null && state is not null && state != memo.AtHeadState)
        {
            PostgresAtHeadMemo.Set(expected, target, memo with { AtHeadState = state });
        }

        return snapshot;
    }

    /// <summary>No companion, or one this user may not read (the probe with it then fails with one of these).</summary>
    private static bool CompanionUnreadable(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName
            or PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.UndefinedColumn;

    private static PostgresAtHeadMemo.Entry CompanionUnusable(AtHeadFingerprint expected, string target, PostgresAtHeadMemo.Entry memo)
    {
        memo = memo with { CompanionUnusable = true };
        PostgresAtHeadMemo.Set(expected, target, memo);
        return memo;
    }

    /// <summary>After a probe without the companion: when it reported the companion readable, try it again next time.</summary>
    private static VersionTableSnapshot? AfterPlainProbe(AtHeadFingerprint expected, string target, PostgresAtHeadMemo.Entry memo, VersionTableSnapshot? snapshot, string? readable)
    {
        if (readable == StateProbe.True)
        {
            PostgresAtHeadMemo.Set(expected, target, memo with { CompanionUnusable = false });
        }

        return snapshot;
    }

    /// <summary>Makes <paramref name="snapshot"/> the answer of this session's next <see cref="ReadUnlessAtHeadAsync"/>, once.</summary>
    public void PrimeFirstRead(VersionTableSnapshot snapshot) => _primedFirstRead = snapshot;

    /// <summary>The snapshot <see cref="PrimeFirstRead"/> left, taken once; null when none.</summary>
    private VersionTableSnapshot? TakePrimedFirstRead()
    {
        var primed = _primedFirstRead;
        _primedFirstRead = null;
        return primed;
    }

    /// <summary>As <see cref="ProbeAsync"/>: null and the first row's second column when at head, else the rows.</summary>
    /// <param name="expected">The at-head rows.</param>
    /// <param name="sha256">The SQL that gives their digest (<see cref="PostgresAtHeadLiterals.Digest"/>).</param>
    /// <param name="withState">Whether to ask with the companion's state.</param>
    /// <param name="remembered">The state at which the memo last found the table at head, or null.</param>
    private (VersionTableSnapshot? Snapshot, string? Extra) Probe(AtHeadFingerprint expected, string sha256, bool withState, string? remembered)
    {
        var rows = PostgresAtHeadLiterals.Count(expected.Rows);
        var sql = withState
            ? StateProbe.WithStateSql(VersionTable, rows, sha256, PostgresAtHeadLiterals.State(remembered)).AtHead
            : WithoutState(StateProbe.WithoutStateSql(VersionTable, rows, sha256));
        using var command = Command(null, sql);
        using var reader = command.ExecuteReader();
        reader.Read();
        var exactlyAtHead = reader.GetString(0) == StateProbe.True;
        var extra = reader.IsDBNull(1) ? null : reader.GetString(1);
        var found = new List<VersionRow>();
        if (withState)
        {
            // At head the session is dropped: its shape flags (Columns) matter only to an engine that takes it over.
            if (!exactlyAtHead)
            {
                var columns = Columns(reader);
                do
                {
                    if (!reader.IsDBNull(columns.Revision))
                    {
                        found.Add(ReadRow(reader, columns));
                    }
                }
                while (reader.Read());
            }
        }
        else
        {
            reader.NextResult();
            var columns = Columns(reader);
            while (reader.Read())
            {
                found.Add(ReadRow(reader, columns));
            }
        }

        _versionTableSeen = true;
        return (exactlyAtHead ? null : new VersionTableSnapshot(true, found), extra);
    }

    /// <summary>
    /// The asynchronous probe's statements: the table's own (the digest bound as $2), or, when this comparison sends
    /// <paramref name="text"/> (<see cref="PostgresAtHeadLiterals.TextToSend"/>), the same with $2 the text the server
    /// hashes, built for this one call (once per chain in a process).
    /// </summary>
    private StateProbe AsyncProbe(string? text, bool withState, string? remembered)
    {
        if (text is null)
        {
            return withState ? StateProbe.Of(VersionTable, remembered) : StateProbe.Without(VersionTable);
        }

        var digest = PostgresAtHeadLiterals.DigestOf("$2");
        if (withState)
        {
            return new StateProbe(StateProbe.WithStateSql(VersionTable, sha256Hex: digest).AtHead, string.Empty, remembered, WithState: true);
        }

        var (atHead, condition) = StateProbe.WithoutStateSql(VersionTable, sha256Hex: digest);
        return new StateProbe(atHead, condition, null, WithState: false);
    }

    /// <summary>Without the companion: the comparison, then the rows it does not match, in one command (one round trip).</summary>
    private string WithoutState((string AtHead, string Condition) probe) =>
        $"{probe.AtHead};\n{VersionTable.Select} WHERE ({probe.Condition}) IS NOT TRUE";
}

/// <summary>
/// The values of the synchronous at-head probe, written into its SQL. Each is checked to hold only characters that
/// mean the same inside a quoted literal whatever the server's <c>standard_conforming_strings</c> (no quote, no
/// backslash), so no value can end its literal; a remembered state that does not qualify is not used (the probe
/// then compares the rows, as without a memo). The one exception is the at-head text (<see cref="Digest"/>), which
/// is written as an escape string (<c>E'...'</c>, read the same under either setting) with its quotes and
/// backslashes escaped.
/// </summary>
internal static class PostgresAtHeadLiterals
{
    public static string Count(int rows) => rows.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The at-head digest as SQL: when this comparison sends the text (<see cref="TextToSend"/>) an expression by
    /// which the server hashes it exactly as it hashes the rows (<see cref="PostgresVersionTable.MatchesAtHead"/>), so
    /// the client computes no SHA-256 at a start; otherwise the digest computed here, as a literal. Equal digests mean
    /// equal texts either way.
    /// </summary>
    public static string Digest(AtHeadFingerprint expected) =>
        TextToSend(expected) is { } text ? DigestOf(EscapeString(text)) : Hex(expected.Sha256Hex);

    /// <summary>
    /// The at-head text when this comparison sends it: the chain's first in the process
    /// (<see cref="AtHeadFingerprint.SendTextThisTime"/>), and only ASCII 1-127 in it (the zero character cannot be
    /// in a PostgreSQL string, and any character beyond ASCII would depend on the database's encoding). Otherwise
    /// null: send the digest.
    /// </summary>
    public static string? TextToSend(AtHeadFingerprint expected) =>
        expected.SendTextThisTime() && IsAsciiWithoutZero(expected.Text) ? expected.Text : null;

    /// <summary>SQL by which the server hashes <paramref name="text"/> (a literal or a parameter) as it hashes the rows.</summary>
    public static string DigestOf(string text) => $"pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to({text}, 'UTF8')), 'hex')";

    public static bool IsAsciiWithoutZero(string text)
    {
        foreach (var c in text)
        {
            if (c is < '\u0001' or > '\u007f')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An escape string constant, <c>E'...'</c>: read the same whatever <c>standard_conforming_strings</c> says.</summary>
    public static string EscapeString(string text)
    {
        if (!IsAsciiWithoutZero(text))
        {
            throw new System.ArgumentException("Not ASCII 1-127.", nameof(text));
        }

        var literal = new System.Text.StringBuilder(text.Length + 16).Append("E'");
        foreach (var c in text)
        {
            // A quote would end the literal and a backslash start an escape: both doubled.
            if (c is '\'' or '\\')
            {
                literal.Append(c);
            }

            literal.Append(c);
        }

        return literal.Append('\'').ToString();
    }

    public static string Hex(string hex)
    {
        foreach (var c in hex)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                throw new System.ArgumentException("Not lower-case hex: " + hex, nameof(hex));
            }
        }

        return "'" + hex + "'";
    }

    /// <summary>The state as a text literal, or NULL when there is none or it holds anything but letters, digits and spaces.</summary>
    public static string State(string? state)
    {
        if (state is null)
        {
            return "NULL";
        }

        foreach (var c in state)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or ' '))
            {
                return "NULL";
            }
        }

        return "'" + state + "'::text";
    }
}
