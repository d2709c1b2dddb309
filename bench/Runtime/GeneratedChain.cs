using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;

namespace MigrationChain.Benchmarks;

/// <summary>
/// One benchmark migration: a table and an index on it, numbered by its revision (<c>b0042</c> creates
/// <c>bench_0042</c>). The same two statements are what the plain-Npgsql baseline runs.
/// </summary>
public abstract class NumberedMigration : Migration
{
    public static IReadOnlyList<string> Statements(int number) => new[]
    {
        $"CREATE TABLE bench_{number:D4} (id bigint PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
        $"CREATE INDEX ix_bench_{number:D4}_created ON bench_{number:D4} (created_at)",
    };

    public override void Upgrade(MigrationBuilder m)
    {
        var statements = Statements(int.Parse(m.Revision.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture));
        m.Sql(statements[0] + ";\n" + statements[1]);
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql($"DROP TABLE bench_{m.Revision.AsSpan(1)}");
}

/// <summary>
/// A linear chain of distinct migration classes, as an application with that many migrations has, emitted at run
/// time so the repository does not carry a thousand generated files.
/// </summary>
internal static class GeneratedChain
{
    public static IReadOnlyList<Type> Create(int count)
    {
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"BenchChain{count}"), AssemblyBuilderAccess.Run)
            .DefineDynamicModule("Chain");
        var attribute = typeof(MigrationAttribute);
        var constructor = attribute.GetConstructor(new[] { typeof(string) })!;
        var parent = attribute.GetProperty(nameof(MigrationAttribute.Parent))!;
        var types = new List<Type>(count);
        for (var number = 1; number <= count; number++)
        {
            var type = module.DefineType($"Bench.M{number:D4}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(NumberedMigration));
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
