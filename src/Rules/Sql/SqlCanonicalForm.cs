using System.Collections.Generic;
using System.Text;

namespace MigrationChain.Sql;

/// <summary>
/// SQL reduced to what it does: its code tokens separated by single spaces, comments left out. Two texts that differ
/// only in layout or comments have the same canonical form; anything inside quotes is kept exactly.
/// </summary>
internal static class SqlCanonicalForm
{
    public static string Of(string sql, SqlDialect dialect) =>
        sql is null ? string.Empty : Of(sql, SqlLexer.Tokenize(sql, dialect));

    /// <summary>As above, from the text's tokens, when the caller has them already.</summary>
    public static string Of(string sql, IReadOnlyList<SqlToken> tokens)
    {
        var canonical = new StringBuilder(sql.Length);
        foreach (var token in tokens)
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
