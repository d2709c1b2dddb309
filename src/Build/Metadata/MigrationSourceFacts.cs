namespace MigrationChain.Build.Metadata;

/// <summary>
/// Where the source generator saw one of the assembly's own migrations, and its checksum: an own row of the chain
/// manifest (format 2), or an <c>[assembly: MigrationSource(...)]</c> of an older generator.
/// </summary>
internal sealed record MigrationSourceFacts(string Revision, string Checksum, string FilePath, int Line, int Column)
{
    /// <summary>A checksum usable in the lock file: present and without whitespace.</summary>
    public bool HasUsableChecksum
    {
        get
        {
            if (string.IsNullOrEmpty(Checksum))
            {
                return false;
            }

            foreach (var c in Checksum)
            {
                if (char.IsWhiteSpace(c))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The location, when the generator recorded a usable one.</summary>
    public SourceLocation? Location =>
        string.IsNullOrEmpty(FilePath) || Line < 1 ? null : new SourceLocation(FilePath, Line, Column < 1 ? 1 : Column);
}
