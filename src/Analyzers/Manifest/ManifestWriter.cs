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
/// Reads what the generator writes: one <c>[assembly: MigrationChainManifest(...)]</c> holding the whole chain the
/// compilation saw, in chain order, as <see cref="ChainManifestText"/> writes it (format 2): every revision's chain
/// facts and checksum, and for this assembly's own revisions where each is declared. One attribute, whatever the
/// number of migrations, so the compiler binds one argument instead of one attribute per migration; its text
/// written in chunks (<see cref="ManifestOutput"/>).
/// </summary>
internal static class ManifestWriter
{
    /// <summary>
    /// The manifest text for <paramref name="compilation"/>, from the same chain view the analyzers use (built once,
    /// or reused while nothing it rests on changes); null when there is nothing to write. Written from fresh rows,
    /// whole: what the generator's output must add up to.
    /// </summary>
    public static string? Read(Compilation compilation, CancellationToken cancellationToken) =>
        Ordered(
            compilation,
            static (migration, assemblyName) => new ChainManifestRow(
                migration.Info.Revision, assemblyName, migration.Declaration.MetadataName, migration.Declaration.Checksum, migration.Info, migration.Declaration.Location),
            static migration => new ChainManifestRow(migration.Revision, migration.Assembly, migration.TypeName, migration.Checksum, migration.Info),
            static row => (row.Revision, row.AssemblyName, row.TypeName),
            cancellationToken) is { } rows
            ? ChainManifestText.Write(rows)
            : null;

    /// <summary>
    /// What the generator writes: the manifest of <see cref="Read"/> as rows written once per migration (and reused
    /// while its facts are unchanged), cut into chunks by <paramref name="chunking"/>; null when there is nothing to write.
    /// </summary>
    public static ManifestOutput? ReadOutput(Compilation compilation, CancellationToken cancellationToken, ManifestChunking? chunking = null) =>
        Ordered(
            compilation,
            static (migration, assemblyName) => ManifestRow.Of(migration.Declaration, migration.Info, assemblyName),
            static migration => ManifestRow.Of(migration),
            static row => (row.Revision, row.AssemblyName, row.TypeName),
            cancellationToken) is { } rows
            ? new ManifestOutput(compilation.AssemblyName ?? string.Empty, (chunking ?? ManifestChunking.Default).Cut(rows))
            : null;

    /// <summary>The manifest's rows in the order written; null when there is nothing to write.</summary>
    private static List<TRow>? Ordered<TRow>(
        Compilation compilation,
        Func<OwnMigration, string, TRow> own,
        Func<ReferencedMigration, TRow> referenced,
        Func<TRow, (string Revision, string Assembly, string Type)> names,
        CancellationToken cancellationToken)
        where TRow : class
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
        // Sized up front: growing a table of 1,000 rows step by step discarded about as much as it kept.
        var rows = new Dictionary<RevisionInfo, TRow>(view.Own.Count + view.Referenced.Length, ReferenceComparer<RevisionInfo>.Instance);
        var all = new List<TRow>(view.Own.Count + view.Referenced.Length);
        void Add(RevisionInfo info, TRow row)
        {
            if (!rows.ContainsKey(info))
            {
                rows[info] = row;
            }

            all.Add(row);
        }

        // Writing a row computes its migration's checksum, which walks every token of the class: on a first read,
        // most of the generator's time after the facts. Those rows are independent, so they are written on every
        // core, then added in the view's order. After an IDE edit the facts index was derived from the previous
        // compilation's and nearly every row is a look-up of the row written then: inline, as before.
        var assemblyName = compilation.AssemblyName ?? string.Empty;
        var ownRows = new TRow[view.Own.Count];
        void Write(int i) => ownRows[i] = own(view.Own[i], assemblyName);
        if (CompilationFacts.Of(compilation, cancellationToken).IsDerived)
        {
            for (var i = 0; i < ownRows.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Write(i);
            }
        }
        else
        {
            ParallelReading.For(ownRows.Length, Write, cancellationToken);
        }

        for (var i = 0; i < ownRows.Length; i++)
        {
            Add(view.Own[i].Info, ownRows[i]);
        }

        // A referenced revision's location belongs to its own assembly's manifest, which its next build refreshes.
        foreach (var migration in view.Referenced)
        {
            Add(migration.Info, referenced(migration));
        }

        // A cycle leaves revisions out of the order; they still belong in the manifest (the build fails on MC1005 anyway).
        var graph = view.Graph;
        var order = new List<TRow>(all.Count);
        foreach (var node in graph.TopologicalOrder)
        {
            order.Add(rows[graph.Nodes[node]]);
        }

        foreach (var node in Enumerable.Range(0, graph.Count).Where(n => graph.TopologicalIndex[n] < 0).OrderBy(graph.Id, StringComparer.Ordinal))
        {
            order.Add(rows[graph.Nodes[node]]);
        }

        // A duplicate id is one graph node, but every declaration is listed: a reader validating the chain from the
        // manifest alone (the runtime, the CLI) must see the duplicate and report MC1004 as the build did, not run
        // whichever class the graph kept. Written last, sorted, so the text stays deterministic.
        if (order.Count < all.Count)
        {
            var listed = new HashSet<TRow>(order, ReferenceComparer<TRow>.Instance);
            order.AddRange(all.Where(r => !listed.Contains(r))
                .OrderBy(r => names(r).Revision, StringComparer.Ordinal).ThenBy(r => names(r).Assembly, StringComparer.Ordinal).ThenBy(r => names(r).Type, StringComparer.Ordinal));
        }

        return order;
    }

    /// <summary>
    /// The generated file for a manifest of <see cref="Read"/> in the one-literal form, as one string: what the
    /// generator writes when the manifest is one chunk, and what every chunked form must compile to.
    /// </summary>
    public static string Source(string manifest) =>
        ManifestOutput.Prefix + SymbolDisplay.FormatLiteral(manifest, quote: true) + ManifestOutput.Suffix;
}
