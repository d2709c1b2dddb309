using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;

namespace MigrationChain.Benchmarks;

/// <summary>
/// A benchmark migration: numbered by its revision (<c>b0042</c>), running the two statements its dialect's
/// baseline also runs, so the runner and the plain driver do the same work.
/// </summary>
public abstract class NumberedMigration : Migration
{
    protected abstract IReadOnlyList<string> StatementsFor(int number);

    protected abstract string DropFor(int number);

    public override void Upgrade(MigrationBuilder m) => m.Sql(string.Join(";\n", StatementsFor(Number(m))));

    public override void Downgrade(MigrationBuilder m) => m.Sql(DropFor(Number(m)));

    private static int Number(MigrationBuilder m) => int.Parse(m.Revision.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>PostgreSQL: a table and an index on it (<c>bench_0042</c>).</summary>
public class PostgresBenchMigration : NumberedMigration
{
    public static IReadOnlyList<string> Statements(int number) => new[]
    {
        $"CREATE TABLE bench_{number:D4} (id bigint PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
        $"CREATE INDEX ix_bench_{number:D4}_created ON bench_{number:D4} (created_at)",
    };

    protected override IReadOnlyList<string> StatementsFor(int number) => Statements(number);

    protected override string DropFor(int number) => $"DROP TABLE bench_{number:D4}";
}

/// <summary>SQLite: the issue's <c>CREATE TABLE t_i (id integer primary key, v text)</c> and <c>CREATE INDEX ix_i ON t_i (v)</c>.</summary>
public class SqliteBenchMigration : NumberedMigration
{
    public static IReadOnlyList<string> Statements(int number) => new[]
    {
        $"CREATE TABLE t_{number} (id integer primary key, v text)",
        $"CREATE INDEX ix_{number} ON t_{number} (v)",
    };

    protected override IReadOnlyList<string> StatementsFor(int number) => Statements(number);

    protected override string DropFor(int number) => $"DROP TABLE t_{number}";
}

/// <summary>
/// A linear chain of distinct migration classes deriving from <c>migrationBase</c>, as an application with that many
/// migrations has, emitted at run time so the repository does not carry a thousand generated files.
/// </summary>
internal static class GeneratedChain
{
    /// <param name="count">How many migrations.</param>
    /// <param name="migrationBase">The class they derive from.</param>
    /// <param name="manifest">True: one format-2 chain manifest, as the current generator writes; false: one
    /// <c>[MigrationSource]</c> per migration and no manifest, as an older generator wrote (the assembly is scanned).</param>
    public static IReadOnlyList<Type> Create(int count, Type migrationBase, bool manifest = false)
    {
        var name = $"BenchChain{count}{migrationBase.Name}{(manifest ? "Manifest" : string.Empty)}";
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName(name), AssemblyBuilderAccess.Run);
        return Define(assembly, name, count, migrationBase, manifest);
    }

    /// <summary>
    /// The chain with its format-2 manifest, written to an assembly file and loaded from it, as an application's
    /// assemblies are: the runtime reads such an assembly's manifest in place from its metadata, which it cannot do for
    /// one emitted in memory.
    /// </summary>
    public static Assembly CreateOnDisk(int count, Type migrationBase, string folder)
    {
        var name = $"BenchChain{count}{migrationBase.Name}ManifestOnDisk";
        var builder = new PersistedAssemblyBuilder(new AssemblyName(name), typeof(object).Assembly);
        Define(builder, name, count, migrationBase, manifest: true);
        var path = System.IO.Path.Combine(folder, name + ".dll");
        builder.Save(path);
        return Assembly.LoadFrom(path);
    }

    private static IReadOnlyList<Type> Define(AssemblyBuilder assembly, string name, int count, Type migrationBase, bool manifest)
    {
        var module = assembly.DefineDynamicModule("Chain");

        // What the source generator writes, so the runner has checksums to record and compare, as it has in an
        // application built with MigrationChain's analyzers.
        if (manifest)
        {
            var rows = new List<Manifest.ChainManifestRow>(count);
            for (var number = 1; number <= count; number++)
            {
                var info = new RevisionInfo(Revision(number), number == 1 ? Array.Empty<string>() : new[] { Revision(number - 1) })
                {
                    ParentDeclaration = number == 1 ? ParentDeclaration.None : ParentDeclaration.Parent,
                    TypeName = TypeName(number),
                };
                rows.Add(new Manifest.ChainManifestRow(Revision(number), name, TypeName(number), Checksum(number), info, new SourceLocation("Generated.cs", number, 1)));
            }

            var attributeConstructor = typeof(Manifest.MigrationChainManifestAttribute).GetConstructor(new[] { typeof(string) })!;
            assembly.SetCustomAttribute(new CustomAttributeBuilder(attributeConstructor, new object[] { Manifest.ChainManifestText.Write(rows) }));
        }
        else
        {
            var source = typeof(Manifest.MigrationSourceAttribute).GetConstructor(new[] { typeof(string), typeof(string), typeof(string), typeof(int), typeof(int) })!;
            for (var number = 1; number <= count; number++)
            {
                assembly.SetCustomAttribute(new CustomAttributeBuilder(source, new object[] { Revision(number), Checksum(number), "Generated.cs", number, 1 }));
            }
        }

        var attribute = typeof(MigrationAttribute);
        var constructor = attribute.GetConstructor(new[] { typeof(string) })!;
        var parent = attribute.GetProperty(nameof(MigrationAttribute.Parent))!;
        var types = new List<Type>(count);
        for (var number = 1; number <= count; number++)
        {
            var type = module.DefineType(TypeName(number), TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, migrationBase);
            type.DefineDefaultConstructor(MethodAttributes.Public);
            type.SetCustomAttribute(number == 1
                ? new CustomAttributeBuilder(constructor, new object[] { Revision(number) })
                : new CustomAttributeBuilder(constructor, new object[] { Revision(number) }, new[] { parent }, new object[] { Revision(number - 1) }));
            types.Add(type.CreateType());
        }

        return types;
    }

    public static string Revision(int number) => $"b{number:D4}";

    private static string TypeName(int number) => $"Bench.M{number:D4}";

    private static string Checksum(int number) => number.ToString("x32", CultureInfo.InvariantCulture);
}
