namespace MigrationChain;

/// <summary>
/// Every diagnostic id MigrationChain reports, in one place. Blocks: MC1xxx chain structure, MC2xxx reversibility,
/// MC3xxx SQL safety, MC4xxx lock file. Ids are never reused once shipped.
/// </summary>
public static class RuleIds
{
    /// <summary>A second root: a migration without a parent while another unlabelled root exists.</summary>
    public const string SecondRoot = "MC1001";

    /// <summary>A parent, merge parent or DependsOn entry names a revision that does not exist.</summary>
    public const string UnknownRevision = "MC1002";

    /// <summary>More than one head not explained by labelled branches.</summary>
    public const string MultipleHeads = "MC1003";

    /// <summary>Two migrations declare the same revision id.</summary>
    public const string DuplicateRevision = "MC1004";

    /// <summary>The parents (or DependsOn entries) form a cycle.</summary>
    public const string Cycle = "MC1005";

    /// <summary>An invalid revision id, or [Migration] on a class that does not derive from Migration.</summary>
    public const string InvalidDeclaration = "MC1006";

    /// <summary>A malformed merge: Parent and Parents both set, fewer than two parents, or a parent named twice.</summary>
    public const string MalformedMerge = "MC1007";

    /// <summary>A merge parent that is already an ancestor of another parent of the same merge.</summary>
    public const string RedundantMergeParent = "MC1008";

    /// <summary>The URL of the documentation page for an id; every diagnostic's help link points here.</summary>
    public static string HelpLink(string id) =>
        "https://github.com/migrationchain/migrationchain/blob/main/docs/diagnostics/" + id + ".md";
}
