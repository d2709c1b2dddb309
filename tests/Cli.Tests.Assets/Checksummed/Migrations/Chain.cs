using MigrationChain;

namespace Journal.Migrations;

[Migration("c0001_entries")]
public sealed class Entries : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE entries (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS entries");
}

[Migration("c0002_audit", Parent = "c0001_entries")]
public sealed class Audit : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE audit (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS audit");
}

[Migration("c0003_tags", Parent = "c0002_audit")]
public sealed class Tags : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS tags");
}
