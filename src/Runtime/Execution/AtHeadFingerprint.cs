using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using MigrationChain.Discovery;
using MigrationChain.Planning;

namespace MigrationChain.Execution;

/// <summary>
/// The version table of a database that is at head with nothing to report, as one text the database can build
/// itself: for every revision of the chain, sorted by its UTF-8 bytes, <c>revision US parents US checksum US applied</c>,
/// rows joined by RS (US/RS: the ASCII unit and record separators). A table whose rows build exactly this text has
/// every revision applied, no unknown or interrupted row, and the code's parents and checksums, so every check the
/// runner makes on a full read passes and <c>UpgradeHead()</c> has nothing to do: the session compares it in the
/// database (<see cref="IAtHeadProbe"/>) instead of sending every row. Anything else (a row more or less, a running
/// row, drift, parents recorded in another order, a row without a checksum) differs, and the caller reads the table
/// in full as before; the text only ever decides "exactly at head", never anything else.
/// </summary>
internal sealed class AtHeadFingerprint
{
    public const char FieldSeparator = '\u001f';
    public const char RowSeparator = '\u001e';

    private AtHeadFingerprint(int rows, string text, IReadOnlyList<string> heads)
    {
        Rows = rows;
        Text = text;
        Heads = heads;
    }

    /// <summary>How many rows the table holds at head.</summary>
    public int Rows { get; }

    /// <summary>The expected text (SQLite compares it as written into its statement: no parameter to bind at a start).</summary>
    public string Text { get; }

    /// <summary>
    /// SHA-256 of <see cref="Text"/>'s UTF-8, lower-case hex, for a server that hashes instead of comparing the text.
    /// Computed on first use: SQLite never asks, and loading the platform's cryptography costs a start that does not need it.
    /// </summary>
    public string Sha256Hex => _sha256Hex ??= Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Text))).ToLowerInvariant();

    private string? _sha256Hex;

    /// <summary>Whether <see cref="Sha256Hex"/> has been computed in this process; for tests.</summary>
    internal bool DigestComputed => _sha256Hex is not null;

    // 1 once a comparison of this chain has sent the text instead of the digest (SendTextThisTime).
    private int _textSent;

    /// <summary>
    /// True for the first comparison of this chain in the process, unless the digest is already known: that one sends
    /// <see cref="Text"/> for the server to hash beside the rows, every later one <see cref="Sha256Hex"/>. The first is a
    /// start's, and computing the digest there loads the platform's cryptography (~7 ms of a process start; a program
    /// whose server trusts it, or that reads no password hash, never loads it otherwise); a process that compares again
    /// pays that once, then sends 64 characters per no-op instead of the text (~100 KB at 1,000 migrations) every time.
    /// </summary>
    public bool SendTextThisTime() => _sha256Hex is null && System.Threading.Interlocked.Exchange(ref _textSent, 1) == 0;

    /// <summary>What a full read at head reports as the database's current revisions.</summary>
    public IReadOnlyList<string> Heads { get; }

    /// <remarks>
    /// Built at every start that reaches a database, so written for that: no row objects, no LINQ, the sort skipped
    /// when the chain's ids already come in byte order (numbered or dated ids usually do).
    /// </remarks>
    public static AtHeadFingerprint For(MigrationCatalog catalog)
    {
        // Both databases order text by its bytes (SQLite BINARY, PostgreSQL COLLATE "C" on UTF-8). Revision ids are
        // ASCII (MC1006 refuses any other before a catalog exists), where ordinal order is that byte order.
        var definitions = catalog.Definitions;
        var revisions = new string[definitions.Length];
        var sorted = new MigrationDefinition[definitions.Length];
        var inOrder = true;
        for (var i = 0; i < definitions.Length; i++)
        {
            revisions[i] = definitions[i].Revision;
            sorted[i] = definitions[i];
            inOrder = inOrder && (i == 0 || string.CompareOrdinal(revisions[i - 1], revisions[i]) < 0);
        }

        if (!inOrder)
        {
            Array.Sort(revisions, sorted, StringComparer.Ordinal);
        }

        var text = new StringBuilder(definitions.Length * 64);
        foreach (var definition in sorted)
        {
            if (text.Length > 0)
            {
                text.Append(RowSeparator);
            }

            // What SQLite and PostgreSQL build from a row: parents joined by one space, as the runner writes them.
            text.Append(definition.Revision).Append(FieldSeparator);
            var parents = definition.Info.Parents;
            for (var p = 0; p < parents.Count; p++)
            {
                (p > 0 ? text.Append(' ') : text).Append(parents[p]);
            }

            text.Append(FieldSeparator).Append(definition.Checksum).Append(FieldSeparator).Append("applied");
        }

        return new AtHeadFingerprint(definitions.Length, text.ToString(), HeadsWhenAllApplied(catalog.Graph));
    }

    /// <summary>
    /// What <see cref="AppliedState.CurrentHeads"/> answers for a table holding every revision of a validated chain and
    /// nothing else: the revisions no revision names as a parent, in topological order, which is the graph's own
    /// <see cref="RevisionGraph.Heads"/> (a validated graph has no cycle and no parent outside it). Read from the graph,
    /// not through a version table of 1,000 made-up rows, at every start (pinned against AppliedState by
    /// AtHeadFingerprintTests).
    /// </summary>
    private static System.Collections.ObjectModel.ReadOnlyCollection<string> HeadsWhenAllApplied(RevisionGraph graph)
    {
        var heads = new string[graph.Heads.Count];
        for (var i = 0; i < heads.Length; i++)
        {
            heads[i] = graph.Id(graph.Heads[i]);
        }

        return Array.AsReadOnly(heads);
    }
}

/// <summary>
/// A session that can tell, in the same round trip as the read it replaces, whether the version table holds
/// exactly the rows of <see cref="AtHeadFingerprint"/>.
/// </summary>
internal interface IAtHeadProbe
{
    /// <summary>
    /// Null when the version table holds exactly the at-head rows (nothing was sent but the answer); otherwise what
    /// <see cref="DatabaseSession.ReadAsync"/> returns.
    /// </summary>
    System.Threading.Tasks.Task<VersionTableSnapshot?> ReadUnlessAtHeadAsync(AtHeadFingerprint expected, System.Threading.CancellationToken cancellationToken);
}
