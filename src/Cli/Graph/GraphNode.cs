using System.Collections.Generic;

namespace MigrationChain.Cli.Graph;

/// <summary>A revision as the graph writers see it: its id, its parents, and how to label it.</summary>
internal sealed record GraphNode(string Revision, IReadOnlyList<string> Parents, string Label, bool IsHead, bool? IsApplied);
