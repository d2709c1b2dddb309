using System.Reflection;
using MigrationChain.Analyzers.Manifest;

namespace MigrationChain.Benchmarks.OnlineSafety;

/// <summary>
/// One fixture file: PostgreSQL migration SQL with a header of <c>-- expect: MC5001, MC5014</c> (the hazards a careful
/// reviewer would name; <c>none</c> for a safe near miss) and optionally <c>-- transactional: false</c>.
/// </summary>
internal sealed record Fixture(string Name, string Sql, IReadOnlyList<string> Expected, bool Transactional, int Statements)
{
    public static IReadOnlyList<Fixture> Load(string directory) =>
        Directory.GetFiles(directory, "*.sql").OrderBy(f => f, StringComparer.Ordinal).Select(Read).ToList();

    private static Fixture Read(string path)
    {
        var sql = File.ReadAllText(path);
        var expected = new List<string>();
        var transactional = true;
        foreach (var line in sql.Split('\n'))
        {
            var text = line.Trim();
            if (text.StartsWith("-- expect:", StringComparison.Ordinal))
            {
                expected.AddRange(text["-- expect:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(id => id != "none"));
            }
            else if (text == "-- transactional: false")
            {
                transactional = false;
            }
        }

        return new Fixture(Path.GetFileNameWithoutExtension(path), sql, expected, transactional, StatementCount(sql));
    }

    /// <summary>Statements as MigrationChain's own splitter counts them (the one the runner uses), through reflection.</summary>
    public static int StatementCount(string sql)
    {
        var analyzers = typeof(MigrationManifestGenerator).Assembly;
        var dialect = analyzers.GetType("MigrationChain.Sql.SqlDialect", throwOnError: true)!;
        var split = analyzers.GetType("MigrationChain.Sql.SqlStatementSplitter", throwOnError: true)!
            .GetMethod("Split", BindingFlags.Public | BindingFlags.Static, new[] { typeof(string), dialect })!;
        var statements = (System.Collections.ICollection)split.Invoke(null, new[] { sql, Enum.ToObject(dialect, 0) })!;
        return statements.Count;
    }
}
