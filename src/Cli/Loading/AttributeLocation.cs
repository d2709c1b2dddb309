using System;
using System.IO;

namespace MigrationChain.Cli.Loading;

/// <summary>The line and column of a migration's <c>[Migration("id"</c>, so messages point where the fix goes.</summary>
internal static class AttributeLocation
{
    public static SourceLocation Find(string file, string revision)
    {
        try
        {
            var lines = File.ReadAllLines(file);
            var literal = "\"" + revision + "\"";
            for (var i = 0; i < lines.Length; i++)
            {
                var column = lines[i].IndexOf(literal, StringComparison.Ordinal);
                var attribute = lines[i].IndexOf("Migration", StringComparison.Ordinal);
                if (column >= 0 && attribute >= 0 && attribute < column)
                {
                    var open = lines[i].LastIndexOf('[', attribute);
                    return new SourceLocation(file, i + 1, (open >= 0 ? open : attribute) + 1);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return new SourceLocation(file, 1, 1);
    }
}
