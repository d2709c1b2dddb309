using System;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.Configuration;

/// <summary>
/// The SQL dialect the migrations are written for, from <c>.editorconfig</c> (or a global config):
/// <c>migrationchain.sql_dialect = postgres</c> (the default) or <c>sqlite</c>.
/// </summary>
internal static class SqlDialectSetting
{
    public const string Key = "migrationchain.sql_dialect";

    public static SqlDialect For(AnalyzerOptions options, SyntaxTree tree)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        if (provider.GetOptions(tree).TryGetValue(Key, out var value) || provider.GlobalOptions.TryGetValue(Key, out value))
        {
            return Parse(value);
        }

        return SqlDialect.Postgres;
    }

    public static SqlDialect Parse(string? value) =>
        value is not null && value.Trim().Equals("sqlite", StringComparison.OrdinalIgnoreCase) ? SqlDialect.Sqlite : SqlDialect.Postgres;

    /// <summary>The name diagnostics carry in their properties, so fixes know which SQL to write.</summary>
    public static string Name(SqlDialect dialect) => dialect == SqlDialect.Sqlite ? "sqlite" : "postgres";
}
