using System.Collections.Generic;

namespace MigrationChain.Sql;

/// <summary>One statement of a SQL text: where it is, and its tokens without comments or the closing semicolon.</summary>
internal sealed class SqlStatement
{
    public SqlStatement(string source, int start, int end, IReadOnlyList<SqlToken> tokens)
    {
        Source = source;
        Start = start;
        End = end;
        Tokens = tokens;
    }

    /// <summary>The whole SQL text the statement was cut from.</summary>
    public string Source { get; }

    /// <summary>Offset of the statement's first token.</summary>
    public int Start { get; }

    /// <summary>Offset just past the statement's last token.</summary>
    public int End { get; }

    /// <summary>Code tokens: no comments, no closing semicolon.</summary>
    public IReadOnlyList<SqlToken> Tokens { get; }

    /// <summary>The statement as it should be sent to the database: interior comments kept, no closing semicolon.</summary>
    public string Text => Source.Substring(Start, End - Start);

    /// <summary>True when the statement begins with these unquoted words, in any case.</summary>
    public bool StartsWith(params string[] keywords)
    {
        if (Tokens.Count < keywords.Length)
        {
            return false;
        }

        for (var i = 0; i < keywords.Length; i++)
        {
            if (!Tokens[i].IsKeyword(Source, keywords[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Text;
}
