using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using MigrationChain.Manifest;

namespace MigrationChain.Runtime.Tests.Manifest;

/// <summary>A migration class to emit: its full name, revision and parent.</summary>
internal sealed record EmittedMigration(string TypeName, string Revision, string? Parent = null);

/// <summary>
/// Writes real assembly files with migration classes, the way a compiler (and, for the manifest, the source
/// generator) would, so the tests can deploy them into a folder, leave some out, and load them by name.
/// </summary>
internal static class MigrationAssemblyWriter
{
    public static string Write(string folder, string assemblyName, IEnumerable<EmittedMigration> migrations, string? manifest = null)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName(assemblyName), typeof(object).Assembly);
        if (manifest is not null)
        {
            builder.SetCustomAttribute(new CustomAttributeBuilder(
                typeof(MigrationChainManifestAttribute).GetConstructor(new[] { typeof(string) })!,
                new object[] { manifest }));
        }

        var module = builder.DefineDynamicModule(assemblyName);
        foreach (var migration in migrations)
        {
            var type = module.DefineType(migration.TypeName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(Migration));
            type.DefineDefaultConstructor(MethodAttributes.Public);
            var upgrade = type.DefineMethod(
                nameof(Migration.Upgrade),
                MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.HideBySig,
                typeof(void),
                new[] { typeof(MigrationBuilder) });
            upgrade.GetILGenerator().Emit(OpCodes.Ret);
            var parent = typeof(MigrationAttribute).GetProperty(nameof(MigrationAttribute.Parent))!;
            type.SetCustomAttribute(new CustomAttributeBuilder(
                typeof(MigrationAttribute).GetConstructor(new[] { typeof(string) })!,
                new object[] { migration.Revision },
                migration.Parent is null ? Array.Empty<PropertyInfo>() : new[] { parent },
                migration.Parent is null ? Array.Empty<object>() : new object[] { migration.Parent }));
            type.CreateType();
        }

        var path = Path.Combine(folder, assemblyName + ".dll");
        builder.Save(path);
        return path;
    }

    /// <summary>
    /// A format-2 manifest as the generator writes it for <paramref name="owner"/>: every listed migration with its
    /// chain facts and checksum (<c>sha:REVISION</c>, or <paramref name="checksumPrefix"/> instead of <c>sha</c>), and a
    /// source location for the owner's own rows.
    /// </summary>
    public static string ManifestText2(string owner, IEnumerable<(EmittedMigration Migration, string Assembly)> rows, string checksumPrefix = "sha") =>
        ChainManifestText.Write(rows.Select(r => new ChainManifestRow(
            r.Migration.Revision,
            r.Assembly,
            r.Migration.TypeName,
            $"{checksumPrefix}:{r.Migration.Revision}",
            new RevisionInfo(r.Migration.Revision, r.Migration.Parent is null ? Array.Empty<string>() : new[] { r.Migration.Parent })
            {
                ParentDeclaration = r.Migration.Parent is null ? ParentDeclaration.None : ParentDeclaration.Parent,
                TypeName = r.Migration.TypeName,
            },
            r.Assembly == owner ? new SourceLocation($"Migrations/{r.Migration.Revision}.cs", 5, 2) : null)));

    /// <summary>The format-1 manifest text an older generator wrote (see <see cref="MigrationChainManifestAttribute"/>).</summary>
    public static string ManifestText(params (string Revision, string Assembly, string Type)[] entries) =>
        MigrationChainManifestAttribute.Header + "\n" +
        string.Concat(entries.Select(e => $"{e.Revision}\t{e.Assembly}\t{e.Type}\t-\n"));
}
