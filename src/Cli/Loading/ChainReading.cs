namespace MigrationChain.Cli.Loading;

/// <summary>What a command needs of the chain it loads, which decides what it may be built and loaded from.</summary>
internal enum ChainReading
{
    /// <summary>A chain to run: the build must succeed, and it must hold migrations.</summary>
    Runnable,

    /// <summary>
    /// A chain to show or repair (heads, history, merge, check): a build that fails only on the chain rules (two heads,
    /// a missing parent) is built again with them off, since showing such a chain is the point.
    /// </summary>
    EvenIfBroken,

    /// <summary>As <see cref="EvenIfBroken"/>, and no migration yet is fine: <c>revision</c> writes the first one.</summary>
    EvenIfBrokenOrEmpty,
}
