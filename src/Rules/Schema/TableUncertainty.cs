using System;
using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Schema;

/// <summary>Why a table is not known to exist where a migration alters it.</summary>
internal enum TableUncertaintyKind
{
    /// <summary>No migration that runs before creates it.</summary>
    NeverCreated,

    /// <summary>Only migrations that are not ancestors create it: they may run after.</summary>
    CreatedOnlyElsewhere,

    /// <summary>An ancestor drops it after it was created.</summary>
    Dropped,

    /// <summary>One branch creates it and another drops it, and nothing orders the two.</summary>
    CreatedAndDroppedInParallel,

    /// <summary>The same migration dropped or renamed it earlier.</summary>
    DroppedEarlierInMigration,
}

/// <summary>Why a table is not known to exist, with the revisions that say so.</summary>
internal sealed class TableUncertainty
{
    public TableUncertainty(TableUncertaintyKind kind, IReadOnlyList<string>? creators = null, IReadOnlyList<string>? droppers = null, AncestorLink? link = null)
    {
        Kind = kind;
        Link = link;
        Creators = creators ?? Array.Empty<string>();
        Droppers = droppers ?? Array.Empty<string>();
    }

    public TableUncertaintyKind Kind { get; }

    /// <summary>Revisions that create the table (not ancestors, or on a branch parallel to a drop).</summary>
    public IReadOnlyList<string> Creators { get; }

    /// <summary>
    /// For <see cref="TableUncertaintyKind.CreatedOnlyElsewhere"/>: the Parent or DependsOn that would make a creator an
    /// ancestor (the fix to advise first), or null when none can without a cycle.
    /// </summary>
    public AncestorLink? Link { get; }

    /// <summary>Ancestors that drop the table last.</summary>
    public IReadOnlyList<string> Droppers { get; }

    /// <summary>
    /// True when a migration whose SQL cannot be read ran before, so the table may exist after all: only the
    /// uncertainties that rest on a missing creation are excused by that.
    /// </summary>
    public bool IsExcusedByUnreadableSql => Kind is TableUncertaintyKind.NeverCreated or TableUncertaintyKind.CreatedOnlyElsewhere;

    /// <summary>A phrase completing "the table ...", for messages.</summary>
    public string Describe() => Kind switch
    {
        TableUncertaintyKind.NeverCreated => "is not created by this migration or any migration before it",
        TableUncertaintyKind.CreatedOnlyElsewhere =>
            $"is created only by {List(Creators)}, which {(Creators.Count == 1 ? "is not an ancestor" : "are not ancestors")} and may run after it",
        TableUncertaintyKind.Dropped => $"was dropped by {List(Droppers)}",
        TableUncertaintyKind.CreatedAndDroppedInParallel =>
            $"is created by {List(Creators)} and dropped by {List(Droppers)} on branches that nothing orders",
        _ => "is dropped or renamed earlier in this migration",
    };

    private static string List(IReadOnlyList<string> revisions)
    {
        var shown = revisions.Take(3).Select(r => $"'{r}'").ToList();
        if (revisions.Count > 3)
        {
            shown.Add($"{revisions.Count - 3} more");
        }

        return shown.Count == 1 ? shown[0] : string.Join(", ", shown.Take(shown.Count - 1)) + " and " + shown[shown.Count - 1];
    }
}

/// <summary>An unguarded ALTER of a table that is not known to exist at that point.</summary>
internal sealed class UnknownTableAlter
{
    public UnknownTableAlter(SchemaStep step, bool inDowngrade, TableUncertainty uncertainty)
    {
        Step = step;
        InDowngrade = inDowngrade;
        Uncertainty = uncertainty;
    }

    public SchemaStep Step { get; }

    public bool InDowngrade { get; }

    public TableUncertainty Uncertainty { get; }
}
