using MigrationChain;

namespace Quickstart.Migrations;

/// <summary>The first shape of the embeddings table: keyed by conversation and chunk, as it shipped.</summary>
[Migration("0002_conversation_embeddings", Parent = "0001_create_memory_store")]
public sealed class M0002_ConversationEmbeddings : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("""
        CREATE TABLE conversation_embeddings (
            conversation_id TEXT    NOT NULL,
            chunk_index     INTEGER NOT NULL,
            model           TEXT    NOT NULL,
            embedding       BLOB    NOT NULL,
            created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            PRIMARY KEY (conversation_id, chunk_index)
        );
        """);

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS conversation_embeddings;");
}
