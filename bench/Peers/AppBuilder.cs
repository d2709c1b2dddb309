using MigrationChain.Testing.Support;

namespace MigrationChain.Benchmarks.Peers;

/// <summary>
/// Writes a tool's app under bench/Peers/obj/apps (inside the repository, so the central package versions apply;
/// under obj/, so this project does not compile it) and builds it in Release like a user's app.
/// </summary>
internal static class AppBuilder
{
    public static async Task<string> BuildAsync(PeerApp app, Dialect dialect, int count, string repository)
    {
        var folder = Path.Combine(repository, "bench", "Peers", "obj", "apps", $"{dialect}-{count}".ToLowerInvariant(), app.Name);
        Directory.CreateDirectory(folder);
        foreach (var (path, content) in app.Files(dialect, count, repository))
        {
            var file = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            // Unchanged files keep their time stamps, so a second run's build is incremental.
            if (!File.Exists(file) || await File.ReadAllTextAsync(file) != content)
            {
                await File.WriteAllTextAsync(file, content);
            }
        }

        Console.Error.WriteLine($"building {app.Name} ({dialect}, {count} migrations)");
        var build = await ProcessRunner.RunAsync(
            "dotnet",
            ["build", Path.Combine(folder, app.ProjectName + ".csproj"), "-c", "Release", "-nr:false", "-v:q", "-clp:ErrorsOnly"],
            folder,
            new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = "1" },
            TimeSpan.FromMinutes(10));
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building {app.Name}'s app failed:\n{build}");
        }

        var executable = Path.Combine(folder, "bin", "Release", "net10.0", app.ProjectName);
        return File.Exists(executable) ? executable : throw new FileNotFoundException("The build left no app host", executable);
    }
}
