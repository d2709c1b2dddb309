using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Manifest;

/// <summary>
/// A folder of deployed assemblies and a load context that resolves from it, as an application's probing does:
/// an assembly left out of the folder cannot be loaded by name.
/// </summary>
internal sealed class DeployedApplication : IDisposable
{
    private readonly TempDirectory _folder = new("mc-manifest");
    private readonly FolderLoadContext _context;

    public DeployedApplication()
    {
        _context = new FolderLoadContext(_folder.Path);
    }

    public string Folder => _folder.Path;

    public string Database => _folder.File("app.db");

    public Assembly Load(string assemblyName) => _context.LoadFromAssemblyName(new AssemblyName(assemblyName));

    public void Remove(string assemblyName) => File.Delete(Path.Combine(Folder, assemblyName + ".dll"));

    public void Dispose()
    {
        _context.Unload();
        _folder.Dispose();
    }

    private sealed class FolderLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public FolderLoadContext(string folder)
            : base(isCollectible: true)
        {
            _folder = folder;
        }

        // MigrationChain.Runtime is not in the folder, so it comes from the default context: one Migration type.
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            if (!File.Exists(path))
            {
                return null;
            }

            using var stream = File.OpenRead(path);
            return LoadFromStream(stream);
        }
    }
}
