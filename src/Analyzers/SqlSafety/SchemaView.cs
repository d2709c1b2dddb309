using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Schema;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>
/// The symbolic schema replay of one compilation's chain. Migrations of referenced assemblies take part with unknown
/// SQL (their bodies are not in this compilation): they may have created any table.
/// </summary>
internal sealed class SchemaView
{
    // The last replay of a chain view: a view reused by the next compilation comes with its replay.
    private static readonly ConditionalWeakTable<ChainView, Slot> Reused = new();

    // The last replay built with a set of options: when the chain changed, an unchanged tree's declarations still have
    // the same dialect and, read from syntax alone, the same script; the next replay takes them from here instead of
    // asking the options and the script cache once per migration of the project.
    private static readonly ConditionalWeakTable<AnalyzerConfigOptionsProvider, Slot> LastWithOptions = new();

    // Each declaration's last replay, kept with the declaration (so with its tree), for the next replay to carry over.
    private static readonly ConditionalWeakTable<MigrationDeclaration, ReplaySlot> Replays = new();

    private readonly Dictionary<MigrationDeclaration, (int Node, ScriptedMigration Script, bool FromSyntaxOnly)> _own;

    private SchemaView(SchemaHistory history, Dictionary<MigrationDeclaration, (int, ScriptedMigration, bool)> own)
    {
        History = history;
        _own = own;
    }

    public SchemaHistory History { get; }

    /// <summary>
    /// Replays the chain, or hands back the replay of an earlier compilation when nothing it rests on changed: the
    /// same chain view, the same dialect for every migration, and every script read from syntax alone.
    /// </summary>
    public static SchemaView Build(ChainView chain, Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var resolver = new ValueResolver(compilation, null, cancellationToken);
        var scripts = new MigrationScript?[chain.Graph.Count];
        for (var node = 0; node < scripts.Length; node++)
        {
            scripts[node] = MigrationScript.Opaque;
        }

        var own = new Dictionary<MigrationDeclaration, (int, ScriptedMigration, bool)>(chain.Own.Count);
        var dialects = new bool[chain.Own.Count];
        var fromSyntaxOnly = true;
        var withOptions = LastWithOptions.GetValue(options.AnalyzerConfigOptionsProvider, _ => new Slot());
        var previous = Volatile.Read(ref withOptions.Last);
        for (var i = 0; i < chain.Own.Count; i++)
        {
            if (i % 256 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var declaration = chain.Own[i].Declaration;
            if (!chain.TryGetNode(declaration, out var node))
            {
                continue;
            }

            ScriptedMigration scripted;
            bool syntaxOnly;
            if (previous is not null && previous._own.TryGetValue(declaration, out var known) && known.FromSyntaxOnly)
            {
                (scripted, syntaxOnly) = (known.Script, true);
            }
            else
            {
                var dialect = SqlDialectSetting.For(options, declaration.Class.SyntaxTree);
                scripted = MigrationScripts.Build(declaration, dialect, resolver, out syntaxOnly);
            }

            dialects[i] = scripted.Dialect == SqlDialect.Sqlite;
            fromSyntaxOnly &= syntaxOnly;
            scripts[node] = scripted.Script;
            own[declaration] = (node, scripted, syntaxOnly);
        }

        var slot = Reused.GetValue(chain, _ => new Slot());
        if (fromSyntaxOnly && Volatile.Read(ref slot.Last) is { } earlier && earlier.Dialects.SequenceEqual(dialects))
        {
            return earlier;
        }

        var view = new SchemaView(SchemaHistory.Build(chain.Graph, scripts), own) { Dialects = dialects };
        if (fromSyntaxOnly)
        {
            Volatile.Write(ref slot.Last, view);
        }

        Volatile.Write(ref withOptions.Last, view);

        return view;
    }

    /// <summary>Whether each own migration (in chain view order) is read as SQLite.</summary>
    private bool[] Dialects { get; init; } = Array.Empty<bool>();

    /// <summary>The replay's findings for one declaration, with the statements they point at.</summary>
    public IEnumerable<(UnknownTableAlter Finding, ScriptedAlter Alter, ScriptedMigration Script)> FindingsFor(MigrationDeclaration declaration)
    {
        if (!_own.TryGetValue(declaration, out var entry))
        {
            yield break;
        }

        foreach (var finding in ReplayOf(declaration, entry.Node).Findings)
        {
            var tag = finding.Step.Tag;
            if (tag >= 0 && tag < entry.Script.Alters.Count)
            {
                yield return (finding, entry.Script.Alters[tag], entry.Script);
            }
        }
    }

    /// <summary>
    /// The declaration's replay, carried over from the replay that last computed it when nothing it rests on changed
    /// (csharp-ls asks every file on every keystroke; the chain view and replay are new whenever the chain changed).
    /// </summary>
    private NodeReplay ReplayOf(MigrationDeclaration declaration, int node)
    {
        var slot = Replays.GetValue(declaration, _ => new ReplaySlot());
        var last = Volatile.Read(ref slot.Last);
        var replay = History.ReplayOf(node, last?.History, last?.Replay);

        // A replay carried over stays filed under the replay that computed it: nothing is written per migration and
        // per compilation, and the next replay compares itself with that one.
        if (last is null || !ReferenceEquals(last.Replay, replay))
        {
            Volatile.Write(ref slot.Last, new KnownReplay(History, replay));
        }

        return replay;
    }

    private sealed class Slot
    {
        public SchemaView? Last;
    }

    private sealed class ReplaySlot
    {
        public KnownReplay? Last;
    }

    private sealed class KnownReplay
    {
        public KnownReplay(SchemaHistory history, NodeReplay replay)
        {
            History = history;
            Replay = replay;
        }

        public SchemaHistory History { get; }

        public NodeReplay Replay { get; }
    }
}
