using System;
using System.ComponentModel;

namespace MigrationChain.Manifest;

/// <summary>
/// Written into an assembly by MigrationChain's source generator before chain manifest format 2, one per migration:
/// where the migration is declared and a checksum of what it does. The current generator writes both into the chain
/// manifest instead; the runtime and the MSBuild task still read this attribute from assemblies built by an older
/// generator. Not meant to be written by hand.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MigrationSourceAttribute : Attribute
{
    /// <summary>Records one migration's source facts.</summary>
    /// <param name="revision">The revision id.</param>
    /// <param name="checksum">A checksum of what the migration does; whitespace and comments do not change it.</param>
    /// <param name="filePath">The file declaring the migration's <c>[Migration]</c> attribute.</param>
    /// <param name="line">One-based line of the attribute.</param>
    /// <param name="column">One-based column of the attribute.</param>
    public MigrationSourceAttribute(string revision, string checksum, string filePath, int line, int column)
    {
        Revision = revision;
        Checksum = checksum;
        FilePath = filePath;
        Line = line;
        Column = column;
    }

    /// <summary>The revision id.</summary>
    public string Revision { get; }

    /// <summary>A checksum of what the migration does.</summary>
    public string Checksum { get; }

    /// <summary>The declaring file.</summary>
    public string FilePath { get; }

    /// <summary>One-based line.</summary>
    public int Line { get; }

    /// <summary>One-based column.</summary>
    public int Column { get; }
}
