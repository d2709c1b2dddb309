using System;
using System.Collections.Generic;

namespace MigrationChain.Manifest;

/// <summary>
/// The text of <see cref="MigrationChainManifestAttribute"/>, read: the revisions the application was built with,
/// in chain order, and where each one lives.
/// </summary>
internal sealed class ChainManifest
{
    private const char Separator = '\t';
    private const string UnknownChecksum = "-";

    private ChainManifest(IReadOnlyList<ChainManifestEntry> entries)
    {
        Entries = entries;
    }

    public IReadOnlyList<ChainManifestEntry> Entries { get; }

    /// <summary>
    /// The manifest, or null when the text is not a manifest this runtime can read (another format version, or a
    /// malformed line). The caller then scans the assembly as if it had no manifest.
    /// </summary>
    public static ChainManifest? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var lines = text.Split('\n');
        if (lines[0].TrimEnd('\r') != MigrationChainManifestAttribute.Header)
        {
            return null;
        }

        var entries = new List<ChainManifestEntry>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(Separator);
            if (fields.Length != 4 || Array.Exists(fields, f => f.Length == 0))
            {
                return null;
            }

            entries.Add(new ChainManifestEntry(fields[0], fields[1], fields[2], fields[3] == UnknownChecksum ? null : fields[3]));
        }

        return new ChainManifest(entries);
    }
}

/// <summary>One revision of a <see cref="ChainManifest"/>.</summary>
/// <param name="Revision">The revision id.</param>
/// <param name="AssemblyName">The simple name of the assembly declaring it.</param>
/// <param name="TypeName">The declaring class's full name, as <see cref="Type.FullName"/> spells it.</param>
/// <param name="Checksum">The generator's checksum, or null when it did not know one.</param>
internal sealed record ChainManifestEntry(string Revision, string AssemblyName, string TypeName, string? Checksum);
