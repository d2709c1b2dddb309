using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace MigrationChain.Build.Tests.Packaging;

/// <summary>
/// What a packed assembly says about itself as a ReadyToRun image: which compile it came from (its MVID), which
/// machine and OS its precompiled code is for (the PE Machine field), and its ReadyToRun format (null for IL only).
/// </summary>
internal sealed record ReadyToRunImageFacts(Guid ModuleVersionId, Machine Machine, int? MajorVersion)
{
    /// <summary>The RIDs the packages carry images for: the default of MigrationChainReadyToRunRids (src/ReadyToRunImages.targets).</summary>
    public static readonly IReadOnlyList<string> Rids = new[] { "linux-x64", "win-x64", "osx-arm64", "osx-x64", "linux-arm64" };

    // crossgen2 writes the target architecture's PE machine XOR'd with a constant of the target OS, so that a runtime
    // never takes code compiled for another OS (dotnet/runtime, ILCompiler.PEWriter.MachineOSOverride; the runtime's
    // IMAGE_FILE_MACHINE_NATIVE_OS_OVERRIDE): Windows 0, Linux 0x7B79, Apple 0x4644.
    private const ushort Windows = 0, Linux = 0x7B79, Apple = 0x4644;

    /// <summary>The PE machine an image for <paramref name="rid"/> must declare (linux-x64 0xFD1D, win-x64 0x8664, osx-arm64 0xEC20, ...).</summary>
    public static Machine MachineFor(string rid) => rid switch
    {
        "linux-x64" => (Machine)((ushort)Machine.Amd64 ^ Linux),
        "linux-arm64" => (Machine)((ushort)Machine.Arm64 ^ Linux),
        "win-x64" => (Machine)((ushort)Machine.Amd64 ^ Windows),
        "osx-x64" => (Machine)((ushort)Machine.Amd64 ^ Apple),
        "osx-arm64" => (Machine)((ushort)Machine.Arm64 ^ Apple),
        _ => throw new ArgumentOutOfRangeException(nameof(rid), rid, "no expected PE machine for this RID"),
    };

    public static ReadyToRunImageFacts Of(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var metadata = pe.GetMetadataReader();
        var mvid = metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
        return new ReadyToRunImageFacts(mvid, pe.PEHeaders.CoffHeader.Machine, MajorVersionOf(pe));
    }

    /// <summary>The ReadyToRun header's major version (the 'RTR' signature, then major, minor), or null for IL only.</summary>
    private static int? MajorVersionOf(PEReader pe)
    {
        var header = pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory;
        if (header.Size == 0)
        {
            return null;
        }

        var bytes = pe.GetSectionData(header.RelativeVirtualAddress).GetContent(0, 6);
        Assert.Equal(0x00525452, BitConverter.ToInt32(bytes.AsSpan(0, 4)));
        return BitConverter.ToUInt16(bytes.AsSpan(4, 2));
    }

    /// <summary>
    /// <paramref name="image"/> is the image for <paramref name="rid"/> of exactly the compile <paramref name="il"/>
    /// is, in the ReadyToRun format the running .NET's own framework has (one this runtime uses rather than ignores).
    /// </summary>
    public static void AssertImageOf(byte[] il, byte[] image, string rid, string what)
    {
        var source = Of(il);
        var compiled = Of(image);
        Assert.True(source.MajorVersion is null, $"{what}: the IL build has a ReadyToRun header");
        Assert.True(source.ModuleVersionId == compiled.ModuleVersionId, $"{what}: not compiled from the IL build beside it (MVID {compiled.ModuleVersionId}, IL {source.ModuleVersionId})");
        Assert.True(
            MachineFor(rid) == compiled.Machine,
            $"{what}: PE machine 0x{(ushort)compiled.Machine:X4}, expected 0x{(ushort)MachineFor(rid):X4} for {rid}");
        var framework = Of(File.ReadAllBytes(typeof(object).Assembly.Location)).MajorVersion;
        Assert.NotNull(framework);
        Assert.True(framework == compiled.MajorVersion, $"{what}: ReadyToRun format {compiled.MajorVersion}, the running framework's is {framework}");
    }
}
