using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Facts;

/// <summary>What the base list says about deriving from <c>MigrationChain.Migration</c>.</summary>
internal enum BaseTypeHint
{
    /// <summary>No base list: the class derives from object.</summary>
    None,

    /// <summary>The first base type is written <c>Migration</c> (possibly qualified with <c>MigrationChain</c>).</summary>
    Migration,

    /// <summary>Some other base type: only the compilation can say where it leads.</summary>
    Other,
}

/// <summary>
/// Everything syntax tells about one class marked <c>[Migration]</c>. Extracted once per syntax tree and reused for as
/// long as the tree is unchanged; the parts that depend on other code (<see cref="Arguments"/> when null, an
/// unfamiliar base type, deferred SQL) are resolved per compilation and never stored here.
/// </summary>
internal sealed class MigrationDeclaration
{
    private string? _checksum;
    private RevisionInfo? _revisionInfo;

    public MigrationDeclaration(
        ClassDeclarationSyntax @class,
        AttributeSyntax attribute,
        string metadataName,
        SourceLocation location,
        RevisionInfo? arguments,
        BaseTypeHint baseType,
        bool? isInstantiable,
        IReadOnlyList<BuilderMethod> methods)
    {
        Class = @class;
        Attribute = attribute;
        MetadataName = metadataName;
        Location = location;
        Arguments = arguments;
        BaseType = baseType;
        IsInstantiable = isInstantiable;
        Methods = methods;
        foreach (var method in methods)
        {
            if (method.Kind == BuilderMethodKind.Upgrade)
            {
                Upgrade ??= method;
            }
            else if (method.Kind == BuilderMethodKind.Downgrade)
            {
                Downgrade ??= method;
            }
        }
    }

    public ClassDeclarationSyntax Class { get; }

    /// <summary>The <c>[Migration]</c> attribute: where chain diagnostics are reported and what line/column point at.</summary>
    public AttributeSyntax Attribute { get; }

    /// <summary>The class's metadata name (<c>Ns.Outer+Inner</c>), as reflection and the manifest name it.</summary>
    public string MetadataName { get; }

    /// <summary>File and one-based line and column of the attribute.</summary>
    public SourceLocation Location { get; }

    /// <summary>
    /// The attribute's chain facts (without location or class) when every argument folds from syntax; null when the
    /// compiler must evaluate them.
    /// </summary>
    public RevisionInfo? Arguments { get; }

    public BaseTypeHint BaseType { get; }

    /// <summary>
    /// Whether the runtime could create the class (not abstract or generic, a public parameterless constructor), or
    /// null when other partial declarations may change that.
    /// </summary>
    public bool? IsInstantiable { get; }

    /// <summary>Every method of this declaration that takes a <c>MigrationBuilder</c>.</summary>
    public IReadOnlyList<BuilderMethod> Methods { get; }

    public BuilderMethod? Upgrade { get; }

    public BuilderMethod? Downgrade { get; }

    /// <summary>The checksum of what the migration does (see docs/checksum.md), computed once per tree.</summary>
    public string Checksum => _checksum ??= MigrationChecksum.Compute(this);

    /// <summary>
    /// The chain facts when syntax alone settles them, given that <c>Migration</c> in the base list means
    /// MigrationChain's class; null when the compilation must be asked.
    /// </summary>
    public RevisionInfo? SyntacticRevisionInfo
    {
        get
        {
            if (_revisionInfo is not null || Arguments is null)
            {
                return _revisionInfo;
            }

            bool isMigrationClass;
            if (BaseType == BaseTypeHint.None && IsInstantiable is not null)
            {
                isMigrationClass = false;
            }
            else if (BaseType == BaseTypeHint.Migration && IsInstantiable is { } instantiable)
            {
                isMigrationClass = instantiable;
            }
            else
            {
                return null;
            }

            return _revisionInfo = Arguments.At(Location, MetadataName, isMigrationClass);
        }
    }

    public override string ToString() => $"{MetadataName} [{Arguments?.Revision ?? "?"}]";
}
