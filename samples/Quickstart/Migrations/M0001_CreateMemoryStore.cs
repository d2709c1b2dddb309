using MigrationChain;

namespace Quickstart.Migrations;

[Migration("0001_create_memory_store")]
public sealed class M0001_CreateMemoryStore : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("""
        CREATE TABLE memories (
            id              INTEGER PRIMARY KEY,
            conversation_id TEXT NOT NULL,
            role            TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
            content         TEXT NOT NULL,
            created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX ix_memories_conversation ON memories (conversation_id, created_at);
        """);

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS memories;");
}
