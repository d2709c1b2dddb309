using System.Reflection.Metadata;

namespace MigrationChain.Build.Metadata;

/// <summary>A class carrying <c>[Migration]</c>, as read from an assembly's metadata.</summary>
internal sealed class DeclaredMigration
{
    public DeclaredMigration(MigrationAssembly assembly, TypeDefinitionHandle type, RevisionInfo info, MigrationSourceFacts? source)
    {
        Assembly = assembly;
        Type = type;
        Info = info;
        Source = source;
    }

    public MigrationAssembly Assembly { get; }

    public TypeDefinitionHandle Type { get; }

    /// <summary>The facts the chain rules check; its location is set when the generator left one.</summary>
    public RevisionInfo Info { get; }

    /// <summary>What the source generator recorded about this migration, when it ran.</summary>
    public MigrationSourceFacts? Source { get; }
}
