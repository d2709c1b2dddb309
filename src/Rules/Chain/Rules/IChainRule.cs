using System.Collections.Generic;

namespace MigrationChain.Rules;

/// <summary>One chain rule: reads the indexed graph, adds what it finds. Rules never see anything but facts.</summary>
internal interface IChainRule
{
    void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics);
}
