using MigrationChain.Build.Metadata;

namespace MigrationChain.Build.Tests.Metadata;

/// <summary>Reads the migrations of compiled assemblies the way the task does.</summary>
internal static class MigrationReading
{
    /// <summary>The facts of every migration in <paramref name="path"/>, with the other assemblies available for base classes.</summary>
    public static List<RevisionInfo> Read(string path, params string[] others)
    {
        var assemblies = new[] { path }.Concat(others).Select(MigrationAssembly.TryOpen).OfType<MigrationAssembly>().ToList();
        try
        {
            var check = new MigrationClassCheck(assemblies);
            return assemblies[0].ReadMigrations(check).Select(m => m.Info).ToList();
        }
        finally
        {
            assemblies.ForEach(a => a.Dispose());
        }
    }
}
