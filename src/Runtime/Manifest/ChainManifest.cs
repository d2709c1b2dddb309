using System.Collections.Generic;
using System.Reflection;

namespace MigrationChain.Manifest;

/// <summary>
/// The text of an assembly's <see cref="MigrationChainManifestAttribute"/>, read by the one reader the generator,
/// the CLI and the build task share (<see cref="ChainManifestText"/>): the revisions the application was built with,
/// in chain order, where each one lives and, in format 2, the chain facts of each.
/// </summary>
internal sealed class ChainManifest
{
    private ChainManifest(IReadOnlyList<ChainManifestRow> entries, bool hasChainFacts)
    {
        Entries = entries;
        HasChainFacts = hasChainFacts;
    }

    public IReadOnlyList<ChainManifestRow> Entries { get; }

    /// <summary>
    /// True for a format-2 manifest: every row carries its <see cref="ChainManifestRow.Info"/>, so the chain can be
    /// validated without loading a class. False for format 1, whose classes must be read to learn their facts.
    /// </summary>
    public bool HasChainFacts { get; }

    /// <summary>
    /// The manifest, or null when the text is not a manifest this runtime can read (another format version, or a
    /// malformed line). The caller then scans the assembly as if it had no manifest.
    /// </summary>
    public static ChainManifest? Parse(string? text) => text is null ? null : Parse(ManifestChars.Of(text));

    private static ChainManifest? Parse(ManifestChars text) =>
        ChainManifestText.Parse(text) is { } rows ? new ChainManifest(rows, ChainManifestText.IsFormat2(text)) : null;

    /// <summary>
    /// The manifest <paramref name="assembly"/> carries, or null (see <see cref="Parse(string)"/>): read in place from its
    /// metadata when the runtime maps it (an assembly loaded from a file or bytes), else through reflection.
    /// </summary>
    public static ChainManifest? Of(Assembly assembly)
    {
        if (MetadataManifestChars.TryRead(assembly, out var inPlace))
        {
            return inPlace is null ? null : Parse(inPlace);
        }

        return Parse(assembly.GetCustomAttribute<MigrationChainManifestAttribute>()?.Manifest);
    }
}
