namespace MigrationChain.Sql;

/// <summary>What a <see cref="SqlToken"/> is.</summary>
internal enum SqlTokenKind
{
    /// <summary>An unquoted identifier or keyword.</summary>
    Word,

    /// <summary><c>"x"</c>, and on SQLite <c>[x]</c> or <c>`x`</c>.</summary>
    QuotedIdentifier,

    /// <summary><c>'...'</c> and its prefixed forms.</summary>
    String,

    /// <summary>PostgreSQL <c>$tag$...$tag$</c>.</summary>
    DollarString,

    Number,

    /// <summary><c>$1</c>, <c>?</c>, <c>:name</c>, <c>@name</c>, <c>$name</c>.</summary>
    Parameter,

    /// <summary><c>-- ...</c> or <c>/* ... */</c>.</summary>
    Comment,

    Semicolon,
    OpenParen,
    CloseParen,
    Comma,
    Dot,

    /// <summary>Any other character, or <c>::</c>.</summary>
    Operator,
}
