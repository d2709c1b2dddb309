using System;
using System.IO;

namespace MigrationChain.Cli.Output;

/// <summary>Paths as people want to read them: relative when below the current folder, absolute otherwise.</summary>
internal static class DisplayPath
{
    public static string Of(string path, string baseDirectory)
    {
        var relative = Path.GetRelativePath(baseDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
