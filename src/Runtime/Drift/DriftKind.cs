namespace MigrationChain;

/// <summary>How a version row of an applied migration disagrees with the code.</summary>
public enum DriftKind
{
    /// <summary>The migration was applied, then edited: the recorded checksum differs from the code's.</summary>
    Edited = 1,

    /// <summary>
    /// The row records other parents than the code declares (written while the chain was different, or by hand).
    /// <c>Stamp</c> rewrites them.
    /// </summary>
    WrongParents = 2,
}
