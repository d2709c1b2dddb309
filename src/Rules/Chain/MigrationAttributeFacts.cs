using System;
using System.Collections.Generic;
using System.Linq;

namespace MigrationChain;

/// <summary>
/// How the arguments of a <c>[Migration]</c> attribute become <see cref="RevisionInfo"/>: one mapping for the
/// runtime (reflection), the MSBuild task (metadata) and the analyzers (syntax), so all three feed the rules the
/// same facts.
/// </summary>
internal static class MigrationAttributeFacts
{
    /// <summary>The facts of one declaration; null entries in the arrays are dropped, a null revision becomes empty.</summary>
    /// <param name="revision">The constructor argument.</param>
    /// <param name="parent">The <c>Parent</c> named argument, or null when absent.</param>
    /// <param name="parents">The <c>Parents</c> named argument, or null when absent.</param>
    /// <param name="branch">The <c>Branch</c> named argument, or null when absent.</param>
    /// <param name="dependsOn">The <c>DependsOn</c> named argument, or null when absent.</param>
    public static RevisionInfo From(
        string? revision,
        string? parent,
        IEnumerable<string?>? parents,
        string? branch,
        IEnumerable<string?>? dependsOn)
    {
        var all = new List<string>();
        if (parent is not null)
        {
            all.Add(parent);
        }

        if (parents is not null)
        {
            all.AddRange(parents.Where(p => p is not null)!);
        }

        var declaration = (parent is not null, parents is not null) switch
        {
            (true, true) => ParentDeclaration.Both,
            (true, false) => ParentDeclaration.Parent,
            (false, true) => ParentDeclaration.Parents,
            _ => ParentDeclaration.None,
        };

        return new RevisionInfo(revision ?? string.Empty, all, branch, dependsOn?.Where(d => d is not null).ToArray()!)
        {
            ParentDeclaration = declaration,
        };
    }
}
