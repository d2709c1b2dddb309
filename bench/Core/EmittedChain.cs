using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;

namespace MigrationChain.Benchmarks;

/// <summary>
/// Builds a chain of N real migration classes at run time, each running a given SQL text, so benchmarks can use
/// thousands of migrations without thousands of lines of generated source in the repository.
/// </summary>
internal static class EmittedChain
{
    private static readonly ConstructorInfo MigrationCtor =
        typeof(Migration).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, Type.EmptyTypes)!;

    private static readonly MethodInfo SqlMethod = typeof(MigrationBuilder).GetMethod(nameof(MigrationBuilder.Sql), new[] { typeof(string) })!;

    private static readonly ConstructorInfo AttributeCtor = typeof(MigrationAttribute).GetConstructor(new[] { typeof(string) })!;

    private static readonly PropertyInfo ParentProperty = typeof(MigrationAttribute).GetProperty(nameof(MigrationAttribute.Parent))!;

    /// <summary>Revision ids are <c>m00001</c>, <c>m00002</c>, ...; migration i runs <paramref name="upgrade"/>(i).</summary>
    public static IReadOnlyList<Type> Linear(int count, Func<int, string> upgrade, Func<int, string> downgrade)
    {
        var module = AssemblyBuilder
            .DefineDynamicAssembly(new AssemblyName($"EmittedChain{Guid.NewGuid():N}"), AssemblyBuilderAccess.Run)
            .DefineDynamicModule("Migrations");
        var types = new List<Type>(count);
        for (var i = 1; i <= count; i++)
        {
            var type = module.DefineType($"M{i:D5}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(Migration));
            var parent = i == 1 ? Array.Empty<PropertyInfo>() : new[] { ParentProperty };
            var parentValue = i == 1 ? Array.Empty<object>() : new object[] { Id(i - 1) };
            type.SetCustomAttribute(new CustomAttributeBuilder(AttributeCtor, new object[] { Id(i) }, parent, parentValue));

            var ctor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, Type.EmptyTypes);
            var il = ctor.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, MigrationCtor);
            il.Emit(OpCodes.Ret);

            Override(type, nameof(Migration.Upgrade), upgrade(i));
            Override(type, nameof(Migration.Downgrade), downgrade(i));
            types.Add(type.CreateType());
        }

        return types;
    }

    public static string Id(int i) => $"m{i:D5}";

    private static void Override(TypeBuilder type, string name, string sql)
    {
        var method = type.DefineMethod(name, MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.HideBySig,
            typeof(void), new[] { typeof(MigrationBuilder) });
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldstr, sql);
        il.Emit(OpCodes.Callvirt, SqlMethod);
        il.Emit(OpCodes.Ret);
    }
}
