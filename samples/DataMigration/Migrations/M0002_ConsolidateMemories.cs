using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using MigrationChain;
using Npgsql;
using NpgsqlTypes;

namespace DataMigration.Migrations;

/// <summary>
/// Consolidates memory_items, memory_entries and long_term_memory into one <c>memories</c> table with tenant
/// columns. Each long_term_memory row's <c>memory_json</c> array becomes one memory per element. The legacy rows are
/// read in keyset batches through the builder's connection, turned into memories in C#, and written back with
/// COPY, all in the migration's one transaction; the counts are checked against the legacy tables before they are
/// dropped, so a mismatch rolls everything back. The downgrade rebuilds the legacy tables, rows, ids and arrays
/// (element order included) from the memories' recorded sources.
/// </summary>
[Migration("0002_consolidate_memories", Parent = "0001_legacy_memory_tables")]
[ContractStep("the legacy tables are read only by this migration: no released code of the sample reads them")]
public sealed class M0002_ConsolidateMemories : Migration
{
    private const int BatchSize = 500;

    private readonly List<(long Id, string Tenant, string? User, string? Json, DateTime UpdatedAt)> _emptySources = new();

    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql("""
            CREATE TABLE memories (
                id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant_id       text        NOT NULL,
                user_id         text        NULL,
                kind            text        NOT NULL,
                content         text        NOT NULL,
                details         jsonb       NULL,
                created_at      timestamptz NOT NULL,
                source_table    text        NOT NULL,
                source_id       bigint      NOT NULL,
                source_position integer     NOT NULL DEFAULT 0,
                UNIQUE (source_table, source_id, source_position)
            );
            CREATE INDEX ix_memories_tenant_user ON memories (tenant_id, user_id, created_at);

            -- long_term_memory rows whose memory_json holds no element produce no memory; kept here so the
            -- downgrade can put them back.
            CREATE TABLE memories_empty_long_term_sources (
                source_id   bigint      PRIMARY KEY,
                tenant_id   text        NOT NULL,
                user_id     text        NULL,
                memory_json jsonb       NULL,
                updated_at  timestamptz NOT NULL
            );
            """);

        Copy(m, "SELECT id, tenant, body, created_at FROM memory_items WHERE id > $1 ORDER BY id LIMIT $2",
            row => new[] { new Memory(row.GetString(1), null, "item", row.GetString(2), null, row.GetDateTime(3), "memory_items", row.GetInt64(0)) });

        Copy(m, "SELECT entry_id, owner_tenant, owner_user, text, kind, recorded_at FROM memory_entries WHERE entry_id > $1 ORDER BY entry_id LIMIT $2",
            row => new[] { new Memory(row.GetString(1), NullableString(row, 2), row.GetString(4), row.GetString(3), null, row.GetDateTime(5), "memory_entries", row.GetInt64(0)) });

        Copy(m, "SELECT id, tenant_id, user_id, memory_json::text, updated_at FROM long_term_memory WHERE id > $1 ORDER BY id LIMIT $2",
            SplitLongTermMemory);
        KeepEmptySources(m);

        VerifyUpgrade(m);
        m.Sql(LegacyMemoryTables.Drop);
    }

    public override void Downgrade(MigrationBuilder m)
    {
        m.Sql(LegacyMemoryTables.Create);
        m.Sql("""
            INSERT INTO memory_items (id, tenant, body, created_at)
                SELECT source_id, tenant_id, content, created_at FROM memories WHERE source_table = 'memory_items';
            INSERT INTO memory_entries (entry_id, owner_tenant, owner_user, text, kind, recorded_at)
                SELECT source_id, tenant_id, user_id, content, kind, created_at FROM memories WHERE source_table = 'memory_entries';
            INSERT INTO long_term_memory (id, tenant_id, user_id, memory_json, updated_at)
                SELECT source_id, tenant_id, user_id, jsonb_agg(coalesce(details, to_jsonb(content)) ORDER BY source_position), max(created_at)
                FROM memories WHERE source_table = 'long_term_memory'
                GROUP BY source_id, tenant_id, user_id
                UNION ALL
                SELECT source_id, tenant_id, user_id, memory_json, updated_at FROM memories_empty_long_term_sources;

            -- Rows came back with their old ids: new rows must number after them.
            SELECT setval(pg_get_serial_sequence('memory_items', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) FROM memory_items;
            SELECT setval(pg_get_serial_sequence('memory_entries', 'entry_id'), coalesce(max(entry_id), 1), max(entry_id) IS NOT NULL) FROM memory_entries;
            SELECT setval(pg_get_serial_sequence('long_term_memory', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) FROM long_term_memory;
            """);
        VerifyDowngrade(m);
        m.Sql("DROP TABLE IF EXISTS memories, memories_empty_long_term_sources");
    }

    /// <summary>
    /// Reads a legacy table in keyset batches (by id, so each batch is an index range scan), turns each row into
    /// memories, and COPYs each batch into <c>memories</c>. The reader is closed before writing: one connection.
    /// </summary>
    private static void Copy(MigrationBuilder m, string select, Func<DbDataReader, IEnumerable<Memory>> toMemories)
    {
        var connection = (NpgsqlConnection)m.Connection;
        var after = 0L;
        while (true)
        {
            m.CancellationToken.ThrowIfCancellationRequested();
            var batch = new List<Memory>(BatchSize);
            var rows = 0;
            using (var read = m.CreateCommand(select))
            {
                read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
                read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = BatchSize });
                using var reader = read.ExecuteReader();
                while (reader.Read())
                {
                    rows++;
                    after = reader.GetInt64(0);
                    batch.AddRange(toMemories(reader));
                }
            }

            using (var write = connection.BeginBinaryImport(
                "COPY memories (tenant_id, user_id, kind, content, details, created_at, source_table, source_id, source_position) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var memory in batch)
                {
                    write.StartRow();
                    write.Write(memory.TenantId, NpgsqlDbType.Text);
                    WriteNullable(write, memory.UserId, NpgsqlDbType.Text);
                    write.Write(memory.Kind, NpgsqlDbType.Text);
                    write.Write(memory.Content, NpgsqlDbType.Text);
                    WriteNullable(write, memory.DetailsJson, NpgsqlDbType.Jsonb);
                    write.Write(memory.CreatedAt, NpgsqlDbType.TimestampTz);
                    write.Write(memory.SourceTable, NpgsqlDbType.Text);
                    write.Write(memory.SourceId, NpgsqlDbType.Bigint);
                    write.Write(memory.SourcePosition, NpgsqlDbType.Integer);
                }

                write.Complete();
            }

            if (rows < BatchSize)
            {
                return;
            }
        }
    }

    /// <summary>One memory per element of the row's memory_json array; a row with none is kept aside, not lost.</summary>
    private IEnumerable<Memory> SplitLongTermMemory(DbDataReader row)
    {
        var id = row.GetInt64(0);
        var tenant = row.GetString(1);
        var user = NullableString(row, 2);
        var json = NullableString(row, 3);
        var updatedAt = row.GetDateTime(4);
        using var document = json is null ? null : JsonDocument.Parse(json);
        var kind = document?.RootElement.ValueKind ?? JsonValueKind.Null;
        if (kind is not JsonValueKind.Array and not JsonValueKind.Null)
        {
            throw new InvalidOperationException(
                $"long_term_memory row {id} (tenant '{tenant}') holds a JSON {kind.ToString().ToLowerInvariant()} in memory_json, " +
                "not an array. Fix the row (wrap it in [ ]) and run again; nothing was changed.");
        }

        if (kind == JsonValueKind.Null || document!.RootElement.GetArrayLength() == 0)
        {
            _emptySources.Add((id, tenant, user, json, updatedAt));
            return Array.Empty<Memory>();
        }

        var memories = new List<Memory>();
        var position = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            // A string is the memory itself; anything else keeps its JSON, with its "text" as the content.
            var (content, details) = element.ValueKind switch
            {
                JsonValueKind.String => (element.GetString()!, (string?)null),
                JsonValueKind.Object when element.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String => (text.GetString()!, element.GetRawText()),
                _ => (element.GetRawText(), element.GetRawText()),
            };
            memories.Add(new Memory(tenant, user, "long_term", content, details, updatedAt, "long_term_memory", id, position++));
        }

        return memories;
    }

    /// <summary>long_term_memory rows with nothing to split (NULL, null or []) are kept as they were.</summary>
    private void KeepEmptySources(MigrationBuilder m)
    {
        foreach (var (id, tenant, user, json, updatedAt) in _emptySources)
        {
            using var keep = m.CreateCommand(
                "INSERT INTO memories_empty_long_term_sources (source_id, tenant_id, user_id, memory_json, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5)");
            keep.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            keep.Parameters.Add(new NpgsqlParameter { Value = tenant, NpgsqlDbType = NpgsqlDbType.Text });
            keep.Parameters.Add(new NpgsqlParameter { Value = (object?)user ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            keep.Parameters.Add(new NpgsqlParameter { Value = (object?)json ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            keep.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = updatedAt });
            keep.ExecuteNonQuery();
        }
    }

    /// <summary>Every legacy row must be accounted for before the legacy tables go; throwing rolls it all back.</summary>
    private static void VerifyUpgrade(MigrationBuilder m)
    {
        Expect(m, "memory_items rows",
            "SELECT count(*) FROM memory_items",
            "SELECT count(*) FROM memories WHERE source_table = 'memory_items'");
        Expect(m, "memory_entries rows",
            "SELECT count(*) FROM memory_entries",
            "SELECT count(*) FROM memories WHERE source_table = 'memory_entries'");
        Expect(m, "memory_json elements",
            "SELECT coalesce(sum(jsonb_array_length(memory_json)), 0) FROM long_term_memory WHERE jsonb_typeof(memory_json) = 'array'",
            "SELECT count(*) FROM memories WHERE source_table = 'long_term_memory'");
        Expect(m, "long_term_memory rows",
            "SELECT count(*) FROM long_term_memory",
            "SELECT (SELECT count(DISTINCT source_id) FROM memories WHERE source_table = 'long_term_memory') + (SELECT count(*) FROM memories_empty_long_term_sources)");
    }

    private static void VerifyDowngrade(MigrationBuilder m)
    {
        Expect(m, "memory_items rows",
            "SELECT count(*) FROM memories WHERE source_table = 'memory_items'",
            "SELECT count(*) FROM memory_items");
        Expect(m, "memory_entries rows",
            "SELECT count(*) FROM memories WHERE source_table = 'memory_entries'",
            "SELECT count(*) FROM memory_entries");
        Expect(m, "long_term_memory rows",
            "SELECT (SELECT count(DISTINCT source_id) FROM memories WHERE source_table = 'long_term_memory') + (SELECT count(*) FROM memories_empty_long_term_sources)",
            "SELECT count(*) FROM long_term_memory");
    }

    private static void Expect(MigrationBuilder m, string what, string expectedSql, string actualSql)
    {
        var expected = Scalar(m, expectedSql);
        var actual = Scalar(m, actualSql);
        if (expected != actual)
        {
            throw new InvalidOperationException(
                $"Expected {expected} {what} after copying, found {actual}. The migration was rolled back; nothing was changed.");
        }
    }

    private static long Scalar(MigrationBuilder m, string sql)
    {
        using var command = m.CreateCommand(sql);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void WriteNullable(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, type);
        }
    }
}
