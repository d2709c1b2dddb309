using System;
using System.Reflection;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// A migration of the application, with the facts the chain rules read and where it was written. Read from a chain
/// manifest it is not loaded: <see cref="Type"/> resolves the class only when a command asks for it (scaffolding),
/// so showing a chain of 10,000 revisions loads none of them.
/// </summary>
internal sealed class MigrationType
{
    private Type? _type;

    public MigrationType(Type type, RevisionInfo info, string? sourceFile)
        : this(type.Assembly, type.FullName ?? type.Name, info, sourceFile)
    {
        _type = type;
    }

    public MigrationType(Assembly assembly, string typeName, RevisionInfo info, string? sourceFile)
    {
        Assembly = assembly;
        TypeName = typeName;
        Info = info;
        SourceFile = sourceFile;
    }

    /// <summary>The assembly declaring the class.</summary>
    public Assembly Assembly { get; }

    /// <summary>The class's full metadata name (<c>Outer+Inner</c> for a nested class).</summary>
    public string TypeName { get; }

    public RevisionInfo Info { get; }

    /// <summary>The file declaring the class, when it is on this machine.</summary>
    public string? SourceFile { get; }

    public string Revision => Info.Revision;

    /// <summary>The class, loaded on first use.</summary>
    /// <exception cref="TypeLoadException">The assembly no longer declares it (a manifest of another build).</exception>
    public Type Type => _type ??= Assembly.GetType(TypeName, throwOnError: true)!;

    /// <summary>The class's namespace, from its name: no need to load it.</summary>
    public string? Namespace
    {
        get
        {
            var outer = TypeName.IndexOf('+', StringComparison.Ordinal) is var plus and >= 0 ? TypeName[..plus] : TypeName;
            var dot = outer.LastIndexOf('.');
            return dot < 0 ? null : outer[..dot];
        }
    }
}
