namespace MigrationChain;

/// <summary>How a migration declared its parents; rule MC1007 needs to know, the graph does not.</summary>
public enum ParentDeclaration
{
    /// <summary>Neither <c>Parent</c> nor <c>Parents</c>: a root, or facts that do not say (then parent count decides).</summary>
    None = 0,

    /// <summary><c>Parent = "..."</c>: one parent.</summary>
    Parent = 1,

    /// <summary><c>Parents = new[] { ... }</c>: a merge revision.</summary>
    Parents = 2,

    /// <summary>Both <c>Parent</c> and <c>Parents</c>: malformed.</summary>
    Both = 3,
}
