using System.Collections.Generic;
using MigrationChain.Sql;

namespace MigrationChain.Analyzers.Facts;

/// <summary>Reads a <see cref="SqlCall"/>'s statements and what its guards promise, asking the model only when needed.</summary>
internal static class SqlCallReader
{
    /// <summary>The classified statements, or null when the SQL is not a compile-time constant.</summary>
    public static IReadOnlyList<ClassifiedStatement>? Statements(SqlCall call, SqlDialect dialect, ValueResolver resolver)
    {
        if (call.KnownStatements(dialect) is { } known)
        {
            return known;
        }

        var sql = resolver.Resolve(call.Sql, out var isConstant);
        return isConstant && sql is not null ? SqlStatementClassifier.ClassifyAll(sql, dialect) : null;
    }

    /// <summary>True inside <c>if (m.TableExists("t"))</c> or <c>if (m.ColumnExists("t", ...))</c> for this table.</summary>
    public static bool GuaranteesTable(SqlCall call, SqlName table, SqlDialect dialect, ValueResolver resolver)
    {
        foreach (var guard in call.Guards)
        {
            if (guard.Holds && SameName(guard.Table, table, dialect, resolver))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True inside <c>if (!m.ColumnExists("t", "c"))</c> for this table and column.</summary>
    public static bool GuaranteesColumnAbsent(SqlCall call, SqlName table, SqlName column, SqlDialect dialect, ValueResolver resolver)
    {
        foreach (var guard in call.Guards)
        {
            if (guard.Kind == GuardKind.ColumnExists && !guard.Holds
                && SameName(guard.Table, table, dialect, resolver)
                && SameName(guard.Column, column, dialect, resolver))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameName(StringFact fact, SqlName name, SqlDialect dialect, ValueResolver resolver)
    {
        var value = resolver.Resolve(fact, out var known);
        return known && SqlName.FromPlain(value, dialect) is { } guarded && guarded.Key == name.Key;
    }
}
