using System.Collections.Generic;
using MigrationChain.Rules;

namespace MigrationChain.Schema;

/// <summary>Which attribute argument an <see cref="AncestorLink"/> sets.</summary>
internal enum AncestorLinkKind
{
    /// <summary><c>Parent = Target</c> on <see cref="AncestorLink.On"/>, a migration that declares no parent.</summary>
    Parent,

    /// <summary><c>DependsOn</c> gains <see cref="AncestorLink.Target"/> on <see cref="AncestorLink.On"/>.</summary>
    DependsOn,
}

/// <summary>
/// The one declaration change that makes a table's creator an ancestor of the migration that alters it: the real fix
/// when the table is created by a migration the chain does not order before it (a guard would only make the ALTER
/// silently do nothing on a fresh database). Found only when it closes no cycle.
/// </summary>
internal sealed class AncestorLink
{
    private AncestorLink(AncestorLinkKind kind, string on, string target, string creator)
    {
        Kind = kind;
        On = on;
        Target = target;
        Creator = creator;
    }

    public AncestorLinkKind Kind { get; }

    /// <summary>The migration whose attribute changes.</summary>
    public string On { get; }

    /// <summary>The revision the new Parent or DependsOn entry names.</summary>
    public string Target { get; }

    /// <summary>The migration that creates the table, which the link makes an ancestor.</summary>
    public string Creator { get; }

    /// <summary>
    /// The link for <paramref name="node"/>, whose table only <paramref name="creators"/> (not ancestors) create, or null.
    /// First choice: the chain the migration is on starts at a stray root (MC1001's mid-chain "no parent"); then the
    /// Parent MC1001 suggests for that root, if it brings a creator in, is the cause and the fix. Otherwise a DependsOn
    /// entry on the migration itself naming a creator that does not build on it.
    /// </summary>
    public static AncestorLink? Find(RevisionGraph graph, int node, IReadOnlyList<int> creators)
    {
        var ancestors = graph.Ancestors(new[] { node }, followDependsOn: false);
        int? strayRoot = null;
        foreach (var root in graph.Roots)
        {
            if (ancestors[root] && !graph.Nodes[root].HasBranch)
            {
                strayRoot = strayRoot is null ? root : -1;
            }
        }

        if (strayRoot is { } stray && stray >= 0 && SecondRootRule.MainRoot(graph) is { } main && main != stray
            && SecondRootRule.MainLineHead(graph, main, stray) is { } headId
            && graph.TryGetIndex(headId, out var head))
        {
            var headAncestors = graph.Ancestors(new[] { head }, followDependsOn: true);
            var underStray = graph.Descendants(new[] { stray });
            foreach (var creator in creators)
            {
                if (headAncestors[creator] && !underStray[head])
                {
                    return new AncestorLink(AncestorLinkKind.Parent, graph.Id(stray), headId, graph.Id(creator));
                }
            }
        }

        // A creator that builds on the migration runs after it whatever the declarations say: no link can help.
        var descendants = graph.Descendants(new[] { node });
        foreach (var creator in creators)
        {
            if (!descendants[creator])
            {
                return new AncestorLink(AncestorLinkKind.DependsOn, graph.Id(node), graph.Id(creator), graph.Id(creator));
            }
        }

        return null;
    }

    /// <summary>The first advice of MC3001 when the link exists: what to set, and why a guard is not the fix.</summary>
    public string Describe(string table) => Kind == AncestorLinkKind.Parent
        ? $"Make '{Creator}' run first: '{On}', where this chain starts, declares no Parent; set Parent = \"{Target}\" on it " +
          $"(the head of the chain '{Creator}' is on; this makes no cycle). A guard would hide that: on a fresh database " +
          $"the statement would silently do nothing, because '{table}' would not exist yet"
        : $"Make '{Creator}' run first: add DependsOn = new[] {{ \"{Target}\" }} to '{On}' (it does not build on '{On}', so " +
          $"this makes no cycle). A guard would hide that: on a fresh database the statement would silently do nothing, " +
          $"because '{table}' would not exist yet";
}
