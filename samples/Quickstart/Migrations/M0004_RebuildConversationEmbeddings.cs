using System;
using MigrationChain;

namespace Quickstart.Migrations;

/// <summary>
/// Gives conversation_embeddings a surrogate <c>id INTEGER PRIMARY KEY</c> and sync tracking for a vector store,
/// keeping every row. SQLite cannot change a primary key in place, so this is the documented rebuild: create the
/// new table, copy, drop the old one, rename, re-index. All of it runs in the migration's one transaction: a
/// failure at any point leaves the old table exactly as it was.
/// </summary>
[Migration("0004_rebuild_conversation_embeddings", Parent = "0003_seed_welcome_conversation")]
public sealed class M0004_RebuildConversationEmbeddings : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        var before = Count(m, "conversation_embeddings");
        m.Sql("""
            CREATE TABLE conversation_embeddings_new (
                id              INTEGER PRIMARY KEY,
                conversation_id TEXT    NOT NULL,
                chunk_index     INTEGER NOT NULL,
                model           TEXT    NOT NULL,
                embedding       BLOB    NOT NULL,
                created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                sync_status     TEXT    NOT NULL DEFAULT 'pending' CHECK (sync_status IN ('pending', 'synced', 'failed')),
                synced_at       TEXT    NULL,
                qdrant_point_id TEXT    NULL
            );
            INSERT INTO conversation_embeddings_new (conversation_id, chunk_index, model, embedding, created_at)
                SELECT conversation_id, chunk_index, model, embedding, created_at
                FROM conversation_embeddings
                ORDER BY conversation_id, chunk_index;
            """);
        Verify(m, "conversation_embeddings_new", before);
        m.Sql("""
            DROP TABLE IF EXISTS conversation_embeddings;
            ALTER TABLE conversation_embeddings_new RENAME TO conversation_embeddings;
            CREATE UNIQUE INDEX ux_conversation_embeddings_chunk ON conversation_embeddings (conversation_id, chunk_index);
            CREATE INDEX ix_conversation_embeddings_sync ON conversation_embeddings (sync_status, synced_at);
            """);
    }

    public override void Downgrade(MigrationBuilder m)
    {
        var before = Count(m, "conversation_embeddings");
        m.Sql("""
            CREATE TABLE conversation_embeddings_old (
                conversation_id TEXT    NOT NULL,
                chunk_index     INTEGER NOT NULL,
                model           TEXT    NOT NULL,
                embedding       BLOB    NOT NULL,
                created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                PRIMARY KEY (conversation_id, chunk_index)
            );
            INSERT INTO conversation_embeddings_old (conversation_id, chunk_index, model, embedding, created_at)
                SELECT conversation_id, chunk_index, model, embedding, created_at FROM conversation_embeddings;
            """);
        Verify(m, "conversation_embeddings_old", before);
        m.Sql("""
            DROP TABLE IF EXISTS conversation_embeddings;
            ALTER TABLE conversation_embeddings_old RENAME TO conversation_embeddings;
            """);
    }

    private static long Count(MigrationBuilder m, string table)
    {
        using var command = m.CreateCommand($"SELECT count(*) FROM {table}");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Throwing here rolls the whole migration back: the copy is checked before the original is dropped.
    private static void Verify(MigrationBuilder m, string table, long expected)
    {
        var copied = Count(m, table);
        if (copied != expected)
        {
            throw new InvalidOperationException($"Copied {copied} of {expected} rows into {table}; nothing was changed.");
        }
    }
}
