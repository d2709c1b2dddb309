using System;
using System.Reflection;

namespace MigrationChain.Discovery;

/// <summary>A discovered migration class: its facts and how to run it.</summary>
internal sealed class MigrationDefinition
{
    public MigrationDefinition(Type type, MigrationAttribute attribute, RevisionInfo info, string? checksum = null)
    {
        Type = type;
        Attribute = attribute;
        Info = info;
        Checksum = checksum;
    }

    public Type Type { get; }

    public MigrationAttribute Attribute { get; }

    public RevisionInfo Info { get; }

    public string Revision => Info.Revision;

    public bool Transactional => Attribute.Transactional;

    /// <summary>
    /// What the source generator computed at build time (docs/checksum.md), from the declaring assembly's
    /// <c>[assembly: MigrationSource]</c>; null for an assembly built without the generator.
    /// </summary>
    public string? Checksum { get; }

    /// <summary>True when the class overrides Downgrade and is not marked [Irreversible].</summary>
    public bool HasDowngrade => Reversibility.HasDowngrade;

    public string? IrreversibleReason => Reversibility.Reason;

    // Read on first use: starting an application and a no-op UpgradeHead() never ask, so 1,000 migrations do not
    // cost 2,000 reflection calls at startup. Racing first readers compute equal values; a reference is stored whole.
    private Reversible Reversibility => _reversibility ??= ReadReversibility(Type);

    private Reversible? _reversibility;

    private sealed record Reversible(bool HasDowngrade, string? Reason);

    private static Reversible ReadReversibility(Type type)
    {
        var reason = type.GetCustomAttribute<IrreversibleAttribute>(inherit: false)?.Reason;
        var downgrade = type.GetMethod(nameof(Migration.Downgrade), new[] { typeof(MigrationBuilder) });
        return new Reversible(reason is null && downgrade is not null && downgrade.DeclaringType != typeof(Migration), reason);
    }

    public Migration CreateInstance() => (Migration)Activator.CreateInstance(Type)!;
}
