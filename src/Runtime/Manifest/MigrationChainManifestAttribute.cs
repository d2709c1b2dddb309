using System;
using System.ComponentModel;

namespace MigrationChain.Manifest;

/// <summary>
/// Written into an assembly by MigrationChain's source generator: the whole chain its compilation saw (its own
/// migrations and those of the assemblies it references), in order, with checksums. At startup the runtime uses
/// it instead of scanning types, and refuses to touch the database when a revision it lists is missing from the
/// deployed assemblies. Not meant to be written by hand.
/// </summary>
/// <remarks>
/// Format: a first line <c>migrationchain-manifest N</c>, then one line per revision in chain order, fields separated by
/// TAB. Format 1: <c>revision, assembly-simple-name, type-full-name, checksum</c> (checksum <c>-</c> when unknown).
/// Format 2 (what the generator writes now) adds each revision's chain facts and, for the assembly's own revisions,
/// where they are declared, so the runtime validates the chain without loading the classes.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MigrationChainManifestAttribute : Attribute
{
    /// <summary>The first line of a format-1 manifest; a format-2 manifest starts <c>migrationchain-manifest 2</c>.</summary>
    public const string Header = "migrationchain-manifest 1";

    /// <summary>Records the chain.</summary>
    /// <param name="manifest">The manifest text (see the remarks for the format).</param>
    public MigrationChainManifestAttribute(string manifest)
    {
        Manifest = manifest;
    }

    /// <summary>The manifest text.</summary>
    public string Manifest { get; }
}
