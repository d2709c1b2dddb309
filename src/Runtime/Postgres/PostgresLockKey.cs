using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MigrationChain.Postgres;

/// <summary>
/// The advisory lock key of one version table: the first 8 bytes of SHA-256 over its quoted, schema-qualified name.
/// Every runner of the same table computes the same key, and runners of different tables (another schema, another
/// name) do not block each other. The SQL twin computes the same number on the server, for scripts that only learn
/// the schema there.
/// </summary>
internal static class PostgresLockKey
{
    private const string Prefix = "MigrationChain run lock ";

    public static long For(string schema, string table)
    {
        var text = Prefix + PostgresNames.Quote(schema, "version table schema") + "." + PostgresNames.Quote(table, "version table name");
        return BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The key as a SQL expression; <paramref name="schemaExpression"/> is SQL, e.g. <c>current_schema()</c>.</summary>
    public static string Sql(string schemaExpression, string table)
    {
        var quotedSchema = $"'\"' || replace({schemaExpression}, '\"', '\"\"') || '\"'";
        var name = PostgresNames.Literal(Prefix) + " || " + quotedSchema + " || " + PostgresNames.Literal("." + PostgresNames.Quote(table, "version table name"));
        return $"('x' || left(encode(sha256(convert_to({name}, 'UTF8')), 'hex'), 16))::bit(64)::bigint";
    }

    /// <summary>How <c>pg_locks</c> shows a bigint advisory key: high half in classid, low half in objid, objsubid 1.</summary>
    public static (uint ClassId, uint ObjId) Halves(long key) => ((uint)(key >> 32), unchecked((uint)key));
}
