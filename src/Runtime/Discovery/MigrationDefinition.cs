using System;
using System.Reflection;
using System.Threading;
using MigrationChain.Manifest;

namespace MigrationChain.Discovery;

/// <summary>
/// A discovered migration: its facts and how to run it. Built either from a class already in hand (a scan, a
/// format-1 manifest, a list of types) or from a format-2 manifest row, whose class is looked up only when something
/// needs it (running or planning it, a downgrade, <c>history</c>): a no-op start never touches it.
/// </summary>
internal sealed class MigrationDefinition
{
    private readonly Assembly? _assembly;
    private readonly ChainManifestRow? _row;
    private readonly string? _checksum;

    public MigrationDefinition(Type type, MigrationAttribute attribute, RevisionInfo info, string? checksum = null)
    {
        _class = new ResolvedClass(type, attribute);
        Info = info;
        _checksum = checksum;
    }

    /// <summary>
    /// A migration known from a format-2 manifest row: <paramref name="assembly"/> declares its class. The row's checksum
    /// and location stay in the manifest until asked.
    /// </summary>
    public MigrationDefinition(Assembly assembly, ChainManifestRow row)
    {
        _assembly = assembly;
        _row = row;
        Info = row.Info!;
    }

    /// <summary>The assembly declaring the class; known without looking the class up.</summary>
    public Assembly DeclaringAssembly => _assembly ?? Class.Type.Assembly;

    /// <summary>Where the manifest's owner recorded the <c>[Migration]</c> attribute; null when not read from a manifest row.</summary>
    public SourceLocation? Source => _row?.Source;

    /// <summary>The class; looked up on first use for a definition read from a manifest.</summary>
    /// <exception cref="DatabaseStateException">The class is not in the deployed assembly, or no longer declares this revision.</exception>
    public Type Type => Class.Type;

    /// <summary>The class's <c>[Migration]</c>, read with <see cref="Type"/>.</summary>
    public MigrationAttribute Attribute => Class.Attribute;

    public RevisionInfo Info { get; }

    public string Revision => Info.Revision;

    public bool Transactional => Attribute.Transactional;

    /// <summary>
    /// What the source generator computed at build time (docs/checksum.md), from the declaring assembly's own
    /// manifest or <c>[assembly: MigrationSource]</c>; null for an assembly built without the generator.
    /// </summary>
    public string? Checksum => _row is null ? _checksum : _row.Checksum;

    /// <summary>True once the class has been looked up (tests: a no-op start must leave every one false).</summary>
    internal bool IsResolved => _class is not null;

    /// <summary>True when the class overrides Downgrade and is not marked [Irreversible].</summary>
    public bool HasDowngrade => Reversibility.HasDowngrade;

    public string? IrreversibleReason => Reversibility.Reason;

    // Racing first readers compute equal values; a reference is stored whole.
    private ResolvedClass Class => _class ??= Resolve();

    private ResolvedClass? _class;

    // Read on first use: starting an application and a no-op UpgradeHead() never ask, so 1,000 migrations do not
    // cost 2,000 reflection calls at startup.
    private Reversible Reversibility => _reversibility ??= ReadReversibility(Type);

    private Reversible? _reversibility;

    private sealed record ResolvedClass(Type Type, MigrationAttribute Attribute);

    private sealed record Reversible(bool HasDowngrade, string? Reason);

    private ResolvedClass Resolve()
    {
        var assembly = _assembly!;
        var typeName = Info.TypeName!;
        var type = assembly.GetType(typeName, throwOnError: false);
        var attribute = type?.GetCustomAttribute<MigrationAttribute>(inherit: false);
        if (type is not null && attribute is not null && string.Equals(attribute.Revision, Revision, StringComparison.Ordinal))
        {
            return new ResolvedClass(type, attribute);
        }

        var name = assembly.GetName().Name;
        var problem = type is null
            ? $"assembly '{name}' ({MigrationTypeSource.Location(assembly)}) has no class '{typeName}', which its chain manifest lists: the assembly was changed after it was built"
            : attribute is null
                ? $"class '{typeName}' in assembly '{name}' has no [Migration], though its chain manifest lists it"
                : $"class '{typeName}' in assembly '{name}' declares '{attribute.Revision}', though its chain manifest lists it as '{Revision}'";
        throw new DatabaseStateException(
            DatabaseStateProblem.MissingMigrations,
            new[] { Revision },
            $"Migration '{Revision}' cannot be run: {problem}. Nothing was run or recorded for it. Deploy the assemblies " +
            $"exactly as the build produced them (no trimming or rewriting of {name}.dll), or rebuild the application.");
    }

    private static Reversible ReadReversibility(Type type)
    {
        var reason = type.GetCustomAttribute<IrreversibleAttribute>(inherit: false)?.Reason;
        var downgrade = type.GetMethod(nameof(Migration.Downgrade), new[] { typeof(MigrationBuilder) });
        return new Reversible(reason is null && downgrade is not null && downgrade.DeclaringType != typeof(Migration), reason);
    }

    public Migration CreateInstance() => (Migration)Activator.CreateInstance(Type)!;

    /// <summary>
    /// True once this process has compiled (or run) the class's code for <paramref name="direction"/>: the catalog is
    /// shared by every runner of the same assemblies, so a fleet's later tenants start no warmer
    /// (<see cref="Execution.MigrationCodeWarmer"/>).
    /// </summary>
    public bool IsCompiled(MigrationDirection direction) => (Volatile.Read(ref _compiled) & Bit(direction)) != 0;

    /// <summary>Records that the class's code for <paramref name="direction"/> is compiled; any thread may call it.</summary>
    public void MarkCompiled(MigrationDirection direction)
    {
        var bit = Bit(direction);
        if ((Volatile.Read(ref _compiled) & bit) == 0)
        {
            Interlocked.Or(ref _compiled, bit);
        }
    }

    private int _compiled;

    private static int Bit(MigrationDirection direction) => direction == MigrationDirection.Upgrade ? 1 : 2;
}
