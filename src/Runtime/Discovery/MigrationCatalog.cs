using System;
using System.Collections.Generic;
using System.Linq;
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

    internal static MigrationCatalog FromDefinitions(IReadOnlyList<MigrationDefinition> found)
    {
        var graph = RevisionGraph.Build(found.Select(f => f.Info));
        var diagnostics = ChainValidator.Validate(graph);
        var errors = diagnostics.Where(d => d.Severity == ChainSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new ChainValidationException(errors);
        }

        var byRevision = found.ToDictionary(f => f.Revision, StringComparer.Ordinal);
        var definitions = graph.Nodes.Select(n => byRevision[n.Revision]).ToArray();
        return new MigrationCatalog(graph, definitions, diagnostics.Where(d => d.Severity == ChainSeverity.Warning).ToList());
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
