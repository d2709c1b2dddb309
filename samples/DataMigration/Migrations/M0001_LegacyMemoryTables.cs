using MigrationChain;

namespace DataMigration.Migrations;

/// <summary>
/// The legacy schema as it was. A database that already has these tables adopts MigrationChain with
/// <c>Stamp("0001_legacy_memory_tables")</c>; a fresh one gets them here.
/// </summary>
[Migration("0001_legacy_memory_tables")]
public sealed class M0001_LegacyMemoryTables : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql(LegacyMemoryTables.Create);

    public override void Downgrade(MigrationBuilder m) => m.Sql(LegacyMemoryTables.Drop);
}
