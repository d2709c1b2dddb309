using System;
using System.Collections.Generic;
using System.Reflection;

namespace MigrationChain.Discovery;

/// <summary>
/// The migrations of a set of assemblies, validated by the chain rules and indexed as a graph. Built once per
/// runner: every later question (what is pending, what is a head) is a walk over arrays.
/// </summary>
internal sealed class MigrationCatalog
{
    private MigrationCatalog(RevisionGraph graph, MigrationDefinition[] definitions, IReadOnlyList<ChainDiagnostic> warnings)
    {
        Graph = graph;
        Definitions = definitions;
        Warnings = warnings;
    }

    public RevisionGraph Graph { get; }

    /// <summary>One definition per graph node, at the node's index.</summary>
    public MigrationDefinition[] Definitions { get; }

    /// <summary>Warnings the chain rules raised (MC1008); errors never get this far.</summary>
    public IReadOnlyList<ChainDiagnostic> Warnings { get; }

    /// <summary>
    /// The version table of a database at head, built on first use and kept with the catalog (so once per process
    /// for each set of assemblies): a no-op <c>UpgradeHead()</c> compares it in the database instead of reading every row.
    /// </summary>
    public Execution.AtHeadFingerprint AtHead => _atHead ??= Execution.AtHeadFingerprint.For(this);

    // Racing first callers may each build one; they are equal, and whichever is stored is used.
    private Execution.AtHeadFingerprint? _atHead;

    /// <summary>
    /// Finds, validates and indexes the migrations; throws <see cref="ChainValidationException"/> on any error, and
    /// <see cref="DatabaseStateException"/> when an assembly's chain manifest lists a revision that is not deployed.
    /// </summary>
    public static MigrationCatalog Load(IReadOnlyList<Assembly> assemblies) =>
        FromDefinitions(MigrationTypeSource.Definitions(assemblies));

    /// <summary>The migrations among the given types (those with <see cref="MigrationAttribute"/>).</summary>
    public static MigrationCatalog FromTypes(IEnumerable<Type> types)
    {
        var found = new List<MigrationDefinition>();
        var checksums = new MigrationChecksums();
        foreach (var type in types)
        {
            if (type.GetCustomAttribute<MigrationAttribute>(inherit: false) is { } attribute)
            {
                found.Add(new MigrationDefinition(type, attribute, Describe(type, attribute), checksums.Of(type.Assembly, attribute.Revision)));
            }
        }

        return FromDefinitions(found);
    }

    // Plain loops, not LINQ: this runs at every application's start, where each generic instantiation is JIT work.
    // Not AggressiveOptimization, which would keep it out of the ReadyToRun image (StartPath).
    internal static MigrationCatalog FromDefinitions(IReadOnlyList<MigrationDefinition> found)
    {
        var facts = new RevisionInfo[found.Count];
        for (var i = 0; i < facts.Length; i++)
        {
            facts[i] = found[i].Info;
        }

        var graph = RevisionGraph.Build(facts);
        var diagnostics = ChainValidator.Validate(graph);
        List<ChainDiagnostic>? errors = null;
        var warnings = new List<ChainDiagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == ChainSeverity.Error)
            {
                (errors ??= new List<ChainDiagnostic>()).Add(diagnostic);
            }
            else if (diagnostic.Severity == ChainSeverity.Warning)
            {
                warnings.Add(diagnostic);
            }
        }

        if (errors is not null)
        {
            throw new ChainValidationException(errors);
        }

        // Without errors no revision is declared twice, so the graph has one node per definition, in input order.
        var definitions = new MigrationDefinition[graph.Count];
        for (var node = 0; node < definitions.Length; node++)
        {
            definitions[node] = ReferenceEquals(graph.Nodes[node], found[node].Info) ? found[node] : Find(found, graph.Id(node));
        }

        return new MigrationCatalog(graph, definitions, warnings);
    }

    private static MigrationDefinition Find(IReadOnlyList<MigrationDefinition> found, string revision)
    {
        foreach (var definition in found)
        {
            if (string.Equals(definition.Revision, revision, StringComparison.Ordinal))
            {
                return definition;
            }
        }

        throw new InvalidOperationException($"The chain graph holds '{revision}', which no discovered migration declares.");
    }

    internal static RevisionInfo Describe(Type type, MigrationAttribute attribute) =>
        MigrationAttributeFacts.From(attribute.Revision, attribute.Parent, attribute.Parents, attribute.Branch, attribute.DependsOn) with
        {
            TypeName = type.FullName,
            IsMigrationClass = typeof(Migration).IsAssignableFrom(type)
                && !type.IsAbstract
                && !type.ContainsGenericParameters
                && type.GetConstructor(Type.EmptyTypes) is not null,
        };
}
