namespace MigrationChain.Cli.Scaffolding;

/// <summary>Where a new migration file goes and how it is written, as learned from the migrations beside it.</summary>
/// <param name="Folder">The folder to write into.</param>
/// <param name="Namespace">The namespace; null for none.</param>
/// <param name="FileScopedNamespace">Whether the neighbours use <c>namespace X;</c>.</param>
/// <param name="NewLine">The neighbours' line ending.</param>
/// <param name="LearnedFrom">The file the conventions came from, or null when defaults were used.</param>
internal sealed record Placement(string Folder, string? Namespace, bool FileScopedNamespace, string NewLine, string? LearnedFrom);
