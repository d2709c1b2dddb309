namespace MigrationChain.Analyzers.Tests.Verification;

/// <summary>Short ways to write migration classes in test sources.</summary>
internal static class Sources
{
    /// <summary>
    /// A migration class with an empty Upgrade. <paramref name="marker"/> wraps the attribute in <c>{|#n:...|}</c>
    /// markup, which is where chain diagnostics are reported.
    /// </summary>
    public static string Migration(string name, string attributeArguments, int? marker = null)
    {
        var attribute = "Migration(" + attributeArguments + ")";
        if (marker is { } n)
        {
            attribute = "{|#" + n + ":" + attribute + "|}";
        }

        return "[" + attribute + "]\npublic sealed class " + name + " : Migration\n{\n    public override void Upgrade(MigrationBuilder m) { }\n}\n";
    }

    /// <summary>A file of migration classes with <c>using MigrationChain;</c>.</summary>
    public static string File(params string[] classes) => "using MigrationChain;\n\n" + string.Join("\n", classes);
}
