namespace MigrationChain.Build.Metadata;

/// <summary>The names the task looks for in metadata: the runtime's public types, matched by name, never loaded.</summary>
internal static class MetadataNames
{
    public const string RuntimeAssembly = "MigrationChain.Runtime";
    public const string RootNamespace = "MigrationChain";
    public const string ManifestNamespace = "MigrationChain.Manifest";
    public const string MigrationAttribute = "MigrationAttribute";
    public const string Migration = "Migration";
    public const string MigrationSourceAttribute = "MigrationSourceAttribute";
    public const string ChainManifestAttribute = "MigrationChainManifestAttribute";

    public const string ParentArgument = "Parent";
    public const string ParentsArgument = "Parents";
    public const string BranchArgument = "Branch";
    public const string DependsOnArgument = "DependsOn";
}
