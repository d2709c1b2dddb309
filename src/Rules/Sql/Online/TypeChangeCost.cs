using System;
using System.Globalization;

namespace MigrationChain.Sql;

/// <summary>What <c>ALTER COLUMN ... TYPE</c> costs an existing table.</summary>
internal enum TypeChangeVerdict
{
    /// <summary>The whole table (and its indexes) is rewritten under ACCESS EXCLUSIVE.</summary>
    Rewrites,

    /// <summary>A binary-compatible change PostgreSQL makes in the catalog only.</summary>
    Cheap,

    /// <summary>Could be either: the target is cheap from some types, and the column's current type is not known.</summary>
    Unknown,
}

/// <summary>
/// The type changes PostgreSQL makes without a rewrite: <c>varchar(n)</c> to a larger <c>n</c>, to unbounded
/// <c>varchar</c> or to <c>text</c> (and <c>text</c> to unbounded <c>varchar</c>), <c>numeric(p,s)</c> to a larger
/// <c>p</c> with the same <c>s</c> or to unbounded <c>numeric</c>. Every other target type rewrites whatever the old type
/// was, except the few with other binary-compatible sources (<c>timestamptz</c> from <c>timestamp</c> under a UTC
/// session, <c>inet</c> from <c>cidr</c>, <c>varbit</c> widening): those are unknown without the old type.
/// </summary>
internal static class TypeChangeCost
{
    public static TypeChangeVerdict Judge(string newType, string? oldType)
    {
        var target = Parse(newType);
        var source = oldType is null ? (Family: Family.None, Precision: -1, Scale: -1) : Parse(oldType);
        switch (target.Family)
        {
            case Family.Text:
                return source.Family == Family.None ? TypeChangeVerdict.Unknown
                    : source.Family is Family.Text or Family.Varchar ? TypeChangeVerdict.Cheap : TypeChangeVerdict.Rewrites;
            case Family.Varchar:
                if (source.Family == Family.None)
                {
                    return TypeChangeVerdict.Unknown;
                }

                if (target.Precision < 0)
                {
                    return source.Family is Family.Text or Family.Varchar ? TypeChangeVerdict.Cheap : TypeChangeVerdict.Rewrites;
                }

                return source.Family == Family.Varchar && source.Precision >= 0 && source.Precision <= target.Precision
                    ? TypeChangeVerdict.Cheap
                    : TypeChangeVerdict.Rewrites;
            case Family.Numeric:
                if (source.Family == Family.None)
                {
                    return TypeChangeVerdict.Unknown;
                }

                if (source.Family != Family.Numeric)
                {
                    return TypeChangeVerdict.Rewrites;
                }

                if (target.Precision < 0)
                {
                    return TypeChangeVerdict.Cheap;
                }

                return source.Precision >= 0 && source.Precision <= target.Precision && Math.Max(0, source.Scale) == Math.Max(0, target.Scale)
                    ? TypeChangeVerdict.Cheap
                    : TypeChangeVerdict.Rewrites;
            case Family.OtherCoercible:
                return TypeChangeVerdict.Unknown;
            default:
                return source.Family != Family.None && string.Equals(Normalize(newType), Normalize(oldType!), StringComparison.Ordinal)
                    ? TypeChangeVerdict.Cheap
                    : TypeChangeVerdict.Rewrites;
        }
    }

    private enum Family
    {
        None,
        Text,
        Varchar,
        Numeric,
        OtherCoercible,
        Other,
    }

    private static (Family Family, int Precision, int Scale) Parse(string type)
    {
        var text = Normalize(type);
        var open = text.IndexOf('(');
        var name = open < 0 ? text : text.Substring(0, open);
        int precision = -1, scale = -1;
        if (open >= 0 && text[text.Length - 1] == ')')
        {
            var arguments = text.Substring(open + 1, text.Length - open - 2).Split(',');
            precision = Number(arguments[0]);
            scale = arguments.Length > 1 ? Number(arguments[1]) : -1;
            if (precision < 0 || (arguments.Length > 1 && scale < 0) || arguments.Length > 2)
            {
                return (Family.Other, -1, -1);
            }
        }

        var family = name switch
        {
            "text" when open < 0 => Family.Text,
            "varchar" or "character varying" => Family.Varchar,
            "numeric" or "decimal" => Family.Numeric,
            "timestamptz" or "timestamp with time zone" or "inet" or "varbit" or "bit varying" or "citext" => Family.OtherCoercible,
            _ => Family.Other,
        };
        return (family, precision, scale);
    }

    private static string Normalize(string type)
    {
        var text = type.Trim().ToLowerInvariant();
        if (text.StartsWith("pg_catalog.", StringComparison.Ordinal))
        {
            text = text.Substring("pg_catalog.".Length);
        }

        return text.Replace(" (", "(").Replace("( ", "(").Replace(" )", ")").Replace(", ", ",").Replace(" ,", ",");
    }

    private static int Number(string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : -1;
}
