using System.Text;

namespace MigrationChain.Sql;

/// <summary>
/// SQL reduced to what it does: its code tokens separated by single spaces, comments left out. Two texts that differ
/// only in layout or comments have the same canonical form; anything inside quotes is kept exactly.
/// </summary>
internal static class SqlCanonicalForm
{
    public static string Of(string sql, SqlDialect dialect)
    {
        if (sql is null)
        {
            return string.Empty;
        }

        var canonical = new StringBuilder(sql.Length);
        foreach (var token in SqlLexer.Tokenize(sql, dialect))
        {
            if (token.Kind == SqlTokenKind.Comment)
            {
                continue;
            }

            if (canonical.Length > 0)
            {
                canonical.Append(' ');
            }

            canonical.Append(sql, token.Start, token.Length);
        }

        return canonical.ToString();
    }
}
