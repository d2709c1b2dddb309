using System.Text;
using System.Text.RegularExpressions;

namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>Names the recipes write into SQL and into revision ids.</summary>
internal static class SqlIdentifiers
{
    private static readonly Regex Plain = new("^[a-z_][a-z0-9_$]*$", RegexOptions.CultureInvariant);

    /// <summary>The name as PostgreSQL needs it written: bare when it is lower case and plain, else double-quoted.</summary>
    public static string Quote(string name) => Plain.IsMatch(name) ? name : "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>
    /// A lower-case identifier of letters, digits and underscores, at most <paramref name="maxLength"/> characters
    /// (PostgreSQL keeps 63), for a constraint name or a revision suffix.
    /// </summary>
    public static string Slug(string text, int maxLength = 63)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var keep = c is >= 'a' and <= 'z' or >= '0' and <= '9';
            if (keep)
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[slug.Length - 1] != '_')
            {
                slug.Append('_');
            }
        }

        var result = slug.ToString().Trim('_');
        return result.Length > maxLength ? result.Substring(0, maxLength).TrimEnd('_') : result;
    }
}
