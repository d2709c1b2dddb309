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
        IrreversibleReason = type.GetCustomAttribute<IrreversibleAttribute>(inherit: false)?.Reason;
        var downgrade = type.GetMethod(nameof(Migration.Downgrade), new[] { typeof(MigrationBuilder) });
        HasDowngrade = IrreversibleReason is null && downgrade is not null && downgrade.DeclaringType != typeof(Migration);
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
    public bool HasDowngrade { get; }

    public string? IrreversibleReason { get; }

    public Migration CreateInstance() => (Migration)Activator.CreateInstance(Type)!;
}
