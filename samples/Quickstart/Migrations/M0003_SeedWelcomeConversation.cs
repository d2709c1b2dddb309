using MigrationChain;

namespace Quickstart.Migrations;

/// <summary>A data migration: rows written through the builder's connection, in the migration's transaction.</summary>
[Migration("0003_seed_welcome_conversation", Parent = "0002_conversation_embeddings")]
public sealed class M0003_SeedWelcomeConversation : Migration
{
    private const string Conversation = "welcome";

    public override void Upgrade(MigrationBuilder m)
    {
        string[] lines = ["Hello! I remember what we talk about.", "Ask me about anything from earlier."];
        for (var chunk = 0; chunk < lines.Length; chunk++)
        {
            using var memory = m.CreateCommand(
                "INSERT INTO memories (conversation_id, role, content) VALUES ($conversation, 'assistant', $content)");
            memory.Parameters.Add(Parameter(memory, "$conversation", Conversation));
            memory.Parameters.Add(Parameter(memory, "$content", lines[chunk]));
            memory.ExecuteNonQuery();

            using var embedding = m.CreateCommand(
                "INSERT INTO conversation_embeddings (conversation_id, chunk_index, model, embedding) VALUES ($conversation, $chunk, 'demo-embed-3', $vector)");
            embedding.Parameters.Add(Parameter(embedding, "$conversation", Conversation));
            embedding.Parameters.Add(Parameter(embedding, "$chunk", chunk));
            embedding.Parameters.Add(Parameter(embedding, "$vector", FakeVector(lines[chunk])));
            embedding.ExecuteNonQuery();
        }
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql($"""
        DELETE FROM conversation_embeddings WHERE conversation_id = '{Conversation}';
        DELETE FROM memories WHERE conversation_id = '{Conversation}';
        """);

    private static System.Data.Common.DbParameter Parameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }

    // A stand-in for a real embedding model: deterministic bytes derived from the text.
    private static byte[] FakeVector(string text) =>
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
}
