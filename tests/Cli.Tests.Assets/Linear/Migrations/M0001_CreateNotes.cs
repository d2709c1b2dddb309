using MigrationChain;

namespace Notes.Migrations;

[Migration("0001_create_notes")]
public sealed class M0001_CreateNotes : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS notes");
}
