using System;
using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Rules.Tests.Chain;

/// <summary>Short ways to write chains in tests.</summary>
internal static class Facts
{
    public static RevisionInfo Root(string id, string? branch = null) =>
        new(id, Array.Empty<string>(), branch) { TypeName = "M_" + id };

    public static RevisionInfo Child(string id, string parent, string? branch = null, string[]? dependsOn = null) =>
        new(id, new[] { parent }, branch, dependsOn) { ParentDeclaration = ParentDeclaration.Parent, TypeName = "M_" + id };

    public static RevisionInfo Merge(string id, params string[] parents) =>
        new(id, parents) { ParentDeclaration = ParentDeclaration.Parents, TypeName = "M_" + id };

    /// <summary>0001 -> 0002 -> ... -> n, ids zero-padded so they sort.</summary>
    public static List<RevisionInfo> Linear(int count, string prefix = "")
    {
        var chain = new List<RevisionInfo> { Root($"{prefix}{1:D5}") };
        for (var i = 2; i <= count; i++)
        {
            chain.Add(Child($"{prefix}{i:D5}", $"{prefix}{i - 1:D5}"));
        }

        return chain;
    }

    public static IReadOnlyList<ChainDiagnostic> Validate(params RevisionInfo[] revisions) => ChainValidator.Validate(revisions);

    public static List<ChainDiagnostic> OfRule(this IEnumerable<ChainDiagnostic> diagnostics, string id) =>
        diagnostics.Where(d => d.Id == id).ToList();

    public static List<string> ReportedOn(this IEnumerable<ChainDiagnostic> diagnostics) =>
        diagnostics.Select(d => d.Revision).OrderBy(r => r, StringComparer.Ordinal).ToList();
}
