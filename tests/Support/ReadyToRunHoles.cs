using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace MigrationChain.TestSupport;

/// <summary>
/// crossgen2 leaves every method marked <c>AggressiveOptimization</c> out of a ReadyToRun image, so whatever loads
/// the image JIT-compiles those methods all the same. The analyzer and runtime tests both pin which methods carry it.
/// </summary>
public static class ReadyToRunHoles
{
    private const MethodImplAttributes AggressiveOptimization = (MethodImplAttributes)512;

    /// <summary>"Type.Method" of every method definition with the flag, read from metadata (nothing is loaded).</summary>
    public static List<string> MarkedMethods(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var marked = new List<string>();
        foreach (var handle in metadata.MethodDefinitions)
        {
            var method = metadata.GetMethodDefinition(handle);
            if ((method.ImplAttributes & AggressiveOptimization) != 0)
            {
                var type = metadata.GetTypeDefinition(method.GetDeclaringType());
                marked.Add($"{metadata.GetString(type.Name)}.{metadata.GetString(method.Name)}");
            }
        }

        return marked;
    }
}
