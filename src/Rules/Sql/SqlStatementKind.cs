namespace MigrationChain.Sql;

/// <summary>The schema changes MigrationChain's SQL rules understand; everything else is <see cref="Other"/>.</summary>
internal enum SqlStatementKind
{
    Other,
    CreateTable,
    DropTable,
    AlterTable,
    CreateIndex,
    DropIndex,

    /// <summary><c>REINDEX</c>: <see cref="ClassifiedStatement.Table"/> for <c>REINDEX TABLE</c>, <see cref="ClassifiedStatement.Index"/> for <c>REINDEX INDEX</c>.</summary>
    Reindex,

    /// <summary><c>VACUUM</c>, with or without <c>FULL</c>; the first table it names.</summary>
    Vacuum,

    /// <summary><c>CLUSTER</c>; the table it names, if any.</summary>
    Cluster,

    /// <summary><c>UPDATE</c> of a table.</summary>
    Update,

    /// <summary><c>DELETE FROM</c> a table.</summary>
    Delete,

    /// <summary><c>SET</c> / <c>SET LOCAL</c> / <c>SET SESSION</c> of a setting (<c>lock_timeout</c>); <see cref="ClassifiedStatement.Index"/> is unused.</summary>
    SetParameter,
}

/// <summary>What one action of an <c>ALTER TABLE</c> does.</summary>
internal enum AlterTableActionKind
{
    Other,
    AddColumn,
    DropColumn,
    AlterColumn,
    RenameColumn,
    RenameTable,
}
