using System;
using System.Collections.Generic;

namespace MigrationChain.Schema;

/// <summary>What a step does to the set of tables that exist.</summary>
internal enum SchemaStepKind
{
    CreateTable,
    DropTable,

    /// <summary><see cref="SchemaStep.Table"/> stops existing and <see cref="SchemaStep.NewTable"/> starts.</summary>
    RenameTable,

    /// <summary>Changes a table, which must exist.</summary>
    AlterTable,

    /// <summary>SQL that cannot be read (not a constant, or the builder handed to other code): it may do anything.</summary>
    Unknown,
}

/// <summary>
/// One thing a migration does to the tables, in the order it does it. Table names are <see cref="Sql.SqlName.Key"/>s.
/// <see cref="Tag"/> is the caller's: it comes back in findings so the caller can point at its source.
/// </summary>
internal readonly struct SchemaStep
{
    public SchemaStep(SchemaStepKind kind, string table, string? newTable = null, bool isGuarded = false, int tag = 0)
    {
        Kind = kind;
        Table = table ?? string.Empty;
        NewTable = newTable;
        IsGuarded = isGuarded;
        Tag = tag;
    }

    public SchemaStepKind Kind { get; }

    public string Table { get; }

    /// <summary>The new name, for <see cref="SchemaStepKind.RenameTable"/>.</summary>
    public string? NewTable { get; }

    /// <summary>True for an ALTER that says <c>IF EXISTS</c> or runs inside a <c>TableExists</c> guard.</summary>
    public bool IsGuarded { get; }

    public int Tag { get; }

    public static SchemaStep Unknown(int tag) => new(SchemaStepKind.Unknown, string.Empty, tag: tag);

    public override string ToString() => $"{Kind} {Table}{(NewTable is null ? string.Empty : " -> " + NewTable)}";
}

/// <summary>The schema steps of one migration's <c>Upgrade</c> and <c>Downgrade</c>.</summary>
internal sealed class MigrationScript
{
    /// <summary>A migration whose code cannot be read at all, e.g. one compiled into another assembly.</summary>
    public static readonly MigrationScript Opaque = new(new[] { SchemaStep.Unknown(0) }, Array.Empty<SchemaStep>());

    public static readonly MigrationScript Empty = new(Array.Empty<SchemaStep>(), Array.Empty<SchemaStep>());

    public MigrationScript(IReadOnlyList<SchemaStep> upgrade, IReadOnlyList<SchemaStep> downgrade)
    {
        Upgrade = upgrade ?? Array.Empty<SchemaStep>();
        Downgrade = downgrade ?? Array.Empty<SchemaStep>();
        foreach (var step in Upgrade)
        {
            if (step.Kind == SchemaStepKind.Unknown)
            {
                HasUnknownUpgrade = true;
            }
        }
    }

    public IReadOnlyList<SchemaStep> Upgrade { get; }

    public IReadOnlyList<SchemaStep> Downgrade { get; }

    /// <summary>True when the upgrade runs SQL that cannot be read, so it may create any table.</summary>
    public bool HasUnknownUpgrade { get; }
}
