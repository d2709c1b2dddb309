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
