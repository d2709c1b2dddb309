using System.Collections.Generic;

namespace MigrationChain.Rules;

/// <summary>One chain rule: reads the indexed graph, adds what it finds. Rules never see anything but facts.</summary>
internal interface IChainRule
{
    /// <summary>The id every finding of the rule carries.</summary>
    string Id { get; }

    /// <summary>How serious every finding of the rule is; the analyzers' default severity comes from here.</summary>
    ChainSeverity Severity { get; }

    void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics);
}
