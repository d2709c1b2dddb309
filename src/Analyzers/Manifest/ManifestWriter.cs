using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MigrationChain.Analyzers.Manifest;

/// <summary>
/// Writes the generator's output: one <c>[assembly: MigrationChainManifest(...)]</c> holding the whole chain the
/// compilation saw, in chain order, as <see cref="ChainManifestText"/> writes it (format 2): every revision's chain
/// facts and checksum, and for this assembly's own revisions where each is declared. One attribute, whatever the
/// number of migrations, so the compiler binds one argument instead of one attribute per migration.
/// </summary>
internal static class ManifestWriter
{
    /// <summary>Rows per piece of <see cref="ManifestLiteral"/>: about 10,000 characters, far below the large object heap.</summary>
    internal const int RowsPerPiece = 64;

    /// <summary>
    /// The manifest text for <paramref name="compilation"/>, from the same chain view the analyzers use (built once,
    /// or reused while nothing it rests on changes); null when there is nothing to write.
    /// </summary>
    public static string? Read(Compilation compilation, CancellationToken cancellationToken) =>
        Rows(compilation, cancellationToken) is { } rows ? ChainManifestText.Write(rows) : null;

    /// <summary>
    /// What the generator writes: the manifest of <see cref="Read"/> as an escaped literal in pieces of
    /// <paramref name="rowsPerPiece"/> rows, never joined into one string; null when there is nothing to write.
    /// </summary>
    public static ManifestLiteral? ReadLiteral(Compilation compilation, CancellationToken cancellationToken, int rowsPerPiece = RowsPerPiece)
    {
        if (Rows(compilation, cancellationToken) is not { } rows)
        {
            return null;
        }

        var literal = new ManifestLiteral();
        var batch = new List<ChainManifestRow>(Math.Min(rowsPerPiece, rows.Count));
        for (var i = 0; i < rows.Count; i++)
        {
            batch.Add(rows[i]);
            if (batch.Count == rowsPerPiece || i == rows.Count - 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
                literal.AppendBatch(ChainManifestText.Write(batch), ChainManifestText.Header2.Length);
                batch.Clear();
            }
        }

        return literal;
    }

    /// <summary>The manifest's rows in the order written; null when there is nothing to write.</summary>
    private static List<ChainManifestRow>? Rows(Compilation compilation, CancellationToken cancellationToken)
    {
        if (MigrationSymbols.Of(compilation) is not { HasManifestAttributes: true } symbols)
        {
            return null;
        }

        var view = ChainView.Build(compilation, symbols, cancellationToken);
        if (view.Own.Count == 0)
        {
            return null;
        }

        // Keyed by the facts object the graph holds; two declarations with identical attributes may share one.
        var rows = new Dictionary<RevisionInfo, List<ChainManifestRow>>(ReferenceComparer<RevisionInfo>.Instance);
        var all = new List<ChainManifestRow>(view.Own.Count + view.Referenced.Length);
        void Add(RevisionInfo info, ChainManifestRow row)
        {
            if (!rows.TryGetValue(info, out var list))
            {
                rows[info] = list = new List<ChainManifestRow>(1);
            }

            list.Add(row);
            all.Add(row);
        }

        var assemblyName = compilation.AssemblyName ?? string.Empty;
        foreach (var migration in view.Own)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var declaration = migration.Declaration;
            Add(migration.Info, new ChainManifestRow(
                migration.Info.Revision, assemblyName, declaration.MetadataName, declaration.Checksum, migration.Info, declaration.Location));
        }

        // A referenced revision's location belongs to its own assembly's manifest, which its next build refreshes.
        foreach (var migration in view.Referenced)
        {
            Add(migration.Info, new ChainManifestRow(migration.Revision, migration.Assembly, migration.TypeName, migration.Checksum, migration.Info));
        }

        // A cycle leaves revisions out of the order; they still belong in the manifest (the build fails on MC1005 anyway).
        var graph = view.Graph;
        var order = new List<ChainManifestRow>(all.Count);
        foreach (var node in graph.TopologicalOrder)
        {
            order.Add(rows[graph.Nodes[node]][0]);
        }

        foreach (var node in Enumerable.Range(0, graph.Count).Where(n => graph.TopologicalIndex[n] < 0).OrderBy(graph.Id, StringComparer.Ordinal))
        {
            order.Add(rows[graph.Nodes[node]][0]);
        }

        // A duplicate id is one graph node, but every declaration is listed: a reader validating the chain from the
        // manifest alone (the runtime, the CLI) must see the duplicate and report MC1004 as the build did, not run
        // whichever class the graph kept. Written last, sorted, so the text stays deterministic.
        if (order.Count < all.Count)
        {
            var listed = new HashSet<ChainManifestRow>(order, ReferenceComparer<ChainManifestRow>.Instance);
            order.AddRange(all.Where(r => !listed.Contains(r))
                .OrderBy(r => r.Revision, StringComparer.Ordinal).ThenBy(r => r.AssemblyName, StringComparer.Ordinal).ThenBy(r => r.TypeName, StringComparer.Ordinal));
        }

        return order;
    }

    /// <summary>
    /// The generated file for a manifest of <see cref="Read"/>, as one string: the text <see cref="ManifestLiteral.ToSource"/>
    /// writes from the pieces, which the tests hold it to.
    /// </summary>
    public static string Source(string manifest) =>
        ManifestLiteral.Prefix + SymbolDisplay.FormatLiteral(manifest, quote: true) + ManifestLiteral.Suffix;
}
