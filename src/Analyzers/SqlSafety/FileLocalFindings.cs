using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>
/// The MC3002/MC3003 diagnostics of one file, kept with its tree. They depend on nothing outside the file when its SQL,
/// guards and revision ids were read from syntax alone and the attribute name is MigrationChain's only: then an
/// unchanged tree has the same diagnostics in every compilation, and a host that analyses every file on every
/// keystroke (csharp-ls) gets them by one look-up instead of reading the file's SQL again.
/// </summary>
internal static class FileLocalFindings
{
    private static readonly ConditionalWeakTable<SyntaxTree, Slot> Known = new();

    /// <summary>Reports the file's kept diagnostics of <paramref name="id"/> under <paramref name="target"/>; false when none are kept.</summary>
    public static bool TryReport(SemanticModelAnalysisContext context, MigrationSymbols symbols, string id, SqlTarget target)
    {
        if (!symbols.AttributeNameIsUnambiguous || !Known.TryGetValue(context.SemanticModel.SyntaxTree, out var slot))
        {
            return false;
        }

        var entries = Volatile.Read(ref slot.Entries);
        foreach (var entry in entries)
        {
            if (entry.Id == id && entry.Target == target)
            {
                foreach (var diagnostic in entry.Diagnostics)
                {
                    context.ReportDiagnostic(diagnostic);
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Keeps what a file reported (null: nothing) when it rests on the file alone.</summary>
    public static void Remember(SyntaxTree tree, MigrationSymbols symbols, string id, SqlTarget target, ValueResolver resolver, List<Diagnostic>? diagnostics)
    {
        if (!symbols.AttributeNameIsUnambiguous || resolver.AskedModel)
        {
            return;
        }

        foreach (var declaration in TreeFacts.Of(tree, resolver.CancellationToken).Migrations)
        {
            // A revision label not written as a literal comes from the semantic model.
            if (declaration.Arguments is null)
            {
                return;
            }
        }

        var slot = Known.GetValue(tree, _ => new Slot());
        lock (slot)
        {
            var entries = new List<Entry>(slot.Entries.Length + 1);
            foreach (var entry in slot.Entries)
            {
                if (entry.Id != id || entry.Target != target)
                {
                    entries.Add(entry);
                }
            }

            entries.Add(new Entry(id, target, diagnostics?.ToArray() ?? System.Array.Empty<Diagnostic>()));
            Volatile.Write(ref slot.Entries, entries.ToArray());
        }
    }

    private sealed class Slot
    {
        public Entry[] Entries = System.Array.Empty<Entry>();
    }

    private sealed class Entry
    {
        public Entry(string id, SqlTarget target, Diagnostic[] diagnostics)
        {
            Id = id;
            Target = target;
            Diagnostics = diagnostics;
        }

        public string Id { get; }

        public SqlTarget Target { get; }

        public Diagnostic[] Diagnostics { get; }
    }
}
