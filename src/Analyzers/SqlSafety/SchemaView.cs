using System.Collections.Generic;
using System.Threading;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>
/// The symbolic schema replay of one compilation's chain. Migrations of referenced assemblies take part with unknown
/// SQL (their bodies are not in this compilation): they may have created any table.
/// </summary>
internal sealed class SchemaView
{
    private readonly Dictionary<MigrationDeclaration, (int Node, ScriptedMigration Script)> _own;

    private SchemaView(SchemaHistory history, Dictionary<MigrationDeclaration, (int, ScriptedMigration)> own)
    {
        History = history;
        _own = own;
    }

    public SchemaHistory History { get; }

    public static SchemaView Build(ChainView chain, Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var resolver = new ValueResolver(compilation, null, cancellationToken);
        var scripts = new MigrationScript?[chain.Graph.Count];
        for (var node = 0; node < scripts.Length; node++)
        {
            scripts[node] = MigrationScript.Opaque;
        }

        var own = new Dictionary<MigrationDeclaration, (int, ScriptedMigration)>();
        foreach (var migration in chain.Own)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!chain.TryGetNode(migration.Declaration, out var node))
            {
                continue;
            }

            var dialect = SqlDialectSetting.For(options, migration.Declaration.Class.SyntaxTree);
            var scripted = MigrationScripts.Build(migration.Declaration, dialect, resolver);
            scripts[node] = scripted.Script;
            own[migration.Declaration] = (node, scripted);
        }

        return new SchemaView(SchemaHistory.Build(chain.Graph, scripts), own);
    }

    /// <summary>The replay's findings for one declaration, with the statements they point at.</summary>
    public IEnumerable<(UnknownTableAlter Finding, ScriptedAlter Alter, ScriptedMigration Script)> FindingsFor(MigrationDeclaration declaration)
    {
        if (!_own.TryGetValue(declaration, out var entry))
        {
            yield break;
        }

        foreach (var finding in History.UnknownTableAlters(entry.Node))
        {
            var tag = finding.Step.Tag;
            if (tag >= 0 && tag < entry.Script.Alters.Count)
            {
                yield return (finding, entry.Script.Alters[tag], entry.Script);
            }
        }
    }
}
