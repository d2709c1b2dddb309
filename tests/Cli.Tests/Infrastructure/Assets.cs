using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests.Infrastructure;

/// <summary>The chains of tests/Cli.Tests.Assets, built.</summary>
internal static class Assets
{
    /// <summary>0001_create_notes, 0002_add_tags, 0003_note_tags (namespace Notes.Migrations, file-scoped).</summary>
    public static string Linear { get; } = Built("Linear");

    /// <summary>0001_init, then 0002_add_email and 0002_add_phone: two heads (namespace blocks).</summary>
    public static string TwoHeads { get; } = Built("TwoHeads");

    /// <summary>A fork of 0003_orders and 0003_reviews merged by 0004_merge, then 0005_invoices; and a plugins branch p001, p002.</summary>
    public static string Branches { get; } = Built("Branches");

    /// <summary>c0001_entries, c0002_audit, c0003_tags, built with the source generator: each migration has its checksum.</summary>
    public static string Checksummed { get; } = Built("Checksummed");

    /// <summary>l0001_log, then l0002 ... l0005, each creating a table and inserting its revision into applied_log (LOGGED_PAUSE_MS slows each).</summary>
    public static string Logged { get; } = Built("Logged");

    public static string SourceFolder(string chain) => Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Cli.Tests.Assets", chain);

    private static string Built(string chain) =>
        TestEnvironment.BuiltOutput($"tests/Cli.Tests.Assets/{chain}", $"MigrationChain.Cli.Tests.Assets.{chain}.dll");
}
