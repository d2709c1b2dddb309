using MigrationChain;

namespace Notes.Migrations;

[Migration("0003_note_tags", Parent = "0002_add_tags")]
public sealed class M0003_NoteTags : Migration
{
    public override void Upgrade(MigrationBuilder m) =>
        m.Sql("CREATE TABLE note_tags (note_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (note_id, tag_id))");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS note_tags");
}
