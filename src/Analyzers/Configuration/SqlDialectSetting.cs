using System;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.Configuration;

/// <summary>
/// The SQL dialect the migrations are written for, from <c>.editorconfig</c> (or a global config):
/// <c>migrationchain.sql_dialect = postgres</c> (the default), <c>sqlite</c>, or <c>both</c> (SQLite in development,
/// PostgreSQL in production). The option is read per syntax tree, so an <c>.editorconfig</c> section naming one
/// migration file overrides the project's value for that migration.
/// </summary>
internal static class SqlDialectSetting
{
    public const string Key = "migrationchain.sql_dialect";

    /// <summary>The engines the migrations of <paramref name="tree"/> run on.</summary>
    public static SqlTarget TargetFor(AnalyzerOptions options, SyntaxTree tree)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        if (provider.GetOptions(tree).TryGetValue(Key, out var value) || provider.GlobalOptions.TryGetValue(Key, out value))
        {
            return ParseTarget(value);
        }

        return SqlTarget.Postgres;
    }

    /// <summary>The grammar the SQL of <paramref name="tree"/> is read with (PostgreSQL under <c>both</c>).</summary>
    public static SqlDialect For(AnalyzerOptions options, SyntaxTree tree) => GrammarOf(TargetFor(options, tree));

    /// <summary>
    /// The grammar a setting or a diagnostic's <see cref="DiagnosticProperties.Dialect"/> names. <c>both</c> reads as
    /// PostgreSQL: production decides which statements are hazardous.
    /// </summary>
    public static SqlDialect Parse(string? value) => GrammarOf(ParseTarget(value));

    public static SqlTarget ParseTarget(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "sqlite" => SqlTarget.Sqlite,
        "both" => SqlTarget.Both,
        _ => SqlTarget.Postgres,
    };

    public static SqlDialect GrammarOf(SqlTarget target) => target == SqlTarget.Sqlite ? SqlDialect.Sqlite : SqlDialect.Postgres;

    /// <summary>
    /// The dialect whose forms a fix writes SQL in: under <c>both</c> SQLite's, whose clauses (no
    /// <c>ALTER TABLE IF EXISTS</c>, no <c>ADD/DROP COLUMN IF [NOT] EXISTS</c>, unqualified index names) PostgreSQL
    /// accepts too.
    /// </summary>
    public static SqlDialect WritingDialect(string? value) => ParseTarget(value) == SqlTarget.Postgres ? SqlDialect.Postgres : SqlDialect.Sqlite;

    /// <summary>Whether PostgreSQL-only clauses (<c>ALTER TABLE IF EXISTS</c>, <c>ADD COLUMN IF NOT EXISTS</c>) may be suggested.</summary>
    public static bool AllowsPostgresOnlySql(SqlTarget target) => target == SqlTarget.Postgres;

    /// <summary>The name diagnostics carry in their properties, so fixes know which SQL to write.</summary>
    public static string Name(SqlDialect dialect) => dialect == SqlDialect.Sqlite ? "sqlite" : "postgres";

    /// <summary>The name diagnostics carry in their properties: <c>postgres</c>, <c>sqlite</c> or <c>both</c>.</summary>
    public static string Name(SqlTarget target) => target switch
    {
        SqlTarget.Sqlite => "sqlite",
        SqlTarget.Both => "both",
        _ => "postgres",
    };
}
