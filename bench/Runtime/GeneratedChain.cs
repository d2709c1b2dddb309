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
    public static IReadOnlyList<Type> Create(int count, Type migrationBase)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"BenchChain{count}{migrationBase.Name}"), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("Chain");

        // What the source generator writes for each migration, so the runner has checksums to record and compare,
        // as it has in an application built with MigrationChain's analyzers.
        var source = typeof(Manifest.MigrationSourceAttribute).GetConstructor(new[] { typeof(string), typeof(string), typeof(string), typeof(int), typeof(int) })!;
        for (var number = 1; number <= count; number++)
        {
            assembly.SetCustomAttribute(new CustomAttributeBuilder(source, new object[] { Revision(number), number.ToString("x32", CultureInfo.InvariantCulture), "Generated.cs", number, 1 }));
        }

        var attribute = typeof(MigrationAttribute);
        var constructor = attribute.GetConstructor(new[] { typeof(string) })!;
        var parent = attribute.GetProperty(nameof(MigrationAttribute.Parent))!;
        var types = new List<Type>(count);
        for (var number = 1; number <= count; number++)
        {
            var type = module.DefineType($"Bench.M{number:D4}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, migrationBase);
            type.DefineDefaultConstructor(MethodAttributes.Public);
            type.SetCustomAttribute(number == 1
                ? new CustomAttributeBuilder(constructor, new object[] { Revision(number) })
                : new CustomAttributeBuilder(constructor, new object[] { Revision(number) }, new[] { parent }, new object[] { Revision(number - 1) }));
            types.Add(type.CreateType());
        }

        return types;
    }

    public static string Revision(int number) => $"b{number:D4}";
}
