using System.Collections.Immutable;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Sql;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>The properties an SQL safety diagnostic carries, so the fix can add the clause or write the guard.</summary>
internal static class SqlFixProperties
{
    public static ImmutableDictionary<string, string?> For(
        BuilderMethod method,
        SqlDialect dialect,
        bool callDoesOnlyThis,
        int? insertAt,
        string insert,
        string guard,
        SqlName? table,
        SqlName? column = null) =>
        For(method, dialect == SqlDialect.Sqlite ? SqlTarget.Sqlite : SqlTarget.Postgres, callDoesOnlyThis, insertAt, insert, guard, table, column);

    /// <summary>
    /// As above, for the engines of the setting: under <c>both</c> the properties say so, and the fix writes only the
    /// clauses both engines accept.
    /// </summary>
    public static ImmutableDictionary<string, string?> For(
        BuilderMethod method,
        SqlTarget target,
        bool callDoesOnlyThis,
        int? insertAt,
        string insert,
        string guard,
        SqlName? table,
        SqlName? column = null)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[DiagnosticProperties.Dialect] = SqlDialectSetting.Name(target);
        properties[DiagnosticProperties.Builder] = method.BuilderName;
        properties[DiagnosticProperties.SingleStatement] = callDoesOnlyThis ? "true" : "false";
        properties[DiagnosticProperties.Guard] = guard;
        if (insertAt is { } offset && offset >= 0)
        {
            properties[DiagnosticProperties.SqlOffset] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
            properties[DiagnosticProperties.SqlInsert] = insert;
        }

        if (table is not null)
        {
            properties[DiagnosticProperties.Table] = table.Plain;
        }

        if (column is not null)
        {
            properties[DiagnosticProperties.Column] = column.Plain;
        }

        return properties.ToImmutable();
    }
}
