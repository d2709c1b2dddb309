using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace MigrationChain.Sql;

/// <summary>What an <c>ALTER TABLE</c> action does, as far as locks and rewrites care.</summary>
internal enum OnlineActionKind
{
    Other,
    AddForeignKey,
    AddCheck,
    AddUnique,
    AddPrimaryKey,
    AddExclude,
    ValidateConstraint,
    AddColumn,
    AlterColumnType,
    SetNotNull,
    DetachPartition,
}

/// <summary>
/// The details of one <c>ALTER TABLE</c> action that the classifier leaves to its tokens: the constraint an
/// <c>ADD</c> adds (and whether it is <c>NOT VALID</c> or <c>USING INDEX</c>), the new type of a column, a new
/// column's <c>NOT NULL</c>, default and generation. Read on demand from <see cref="AlterTableAction"/>'s token range.
/// </summary>
internal sealed class AlterActionReading
{
    private static readonly string[] ColumnConstraintWords =
    {
        "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT", "GENERATED", "COLLATE", "DEFERRABLE", "INITIALLY",
    };

    private readonly SqlToken[] _tokens;
    private readonly string _sql;

    private AlterActionReading(ClassifiedStatement statement, AlterTableAction action)
    {
        _sql = statement.Statement.Source;
        var all = statement.Statement.Tokens;
        _tokens = new SqlToken[Math.Max(0, Math.Min(action.EndToken, all.Count) - action.FirstToken)];
        for (var i = 0; i < _tokens.Length; i++)
        {
            _tokens[i] = all[action.FirstToken + i];
        }

        Action = action;
        Start = _tokens.Length > 0 ? _tokens[0].Start : -1;
        End = _tokens.Length > 0 ? _tokens[_tokens.Length - 1].End : -1;
        Kind = ReadKind();
    }

    public AlterTableAction Action { get; }

    public OnlineActionKind Kind { get; private set; }

    /// <summary>Offset of the action's first token in the SQL text.</summary>
    public int Start { get; }

    /// <summary>Offset just past the action's last token: where <c> NOT VALID</c> or <c> CONCURRENTLY</c> is appended.</summary>
    public int End { get; }

    /// <summary>The constraint's name (<c>ADD CONSTRAINT n ...</c>, <c>VALIDATE CONSTRAINT n</c>), or null.</summary>
    public SqlName? Constraint { get; private set; }

    public bool IsNotValid { get; private set; }

    /// <summary><c>ADD UNIQUE/PRIMARY KEY USING INDEX i</c>: adopts an existing index instead of building one.</summary>
    public bool UsesIndex { get; private set; }

    /// <summary><c>DETACH PARTITION ... CONCURRENTLY</c>.</summary>
    public bool IsConcurrent { get; private set; }

    /// <summary>The type written after the column (ADD COLUMN) or after <c>TYPE</c> (ALTER COLUMN), normalised; null if none.</summary>
    public string? TypeText { get; private set; }

    /// <summary>ADD COLUMN: says <c>NOT NULL</c> (or <c>PRIMARY KEY</c>, which implies it).</summary>
    public bool IsNotNull { get; private set; }

    /// <summary>ADD COLUMN: the words of the <c>DEFAULT</c> expression, upper-cased; null without a default.</summary>
    public IReadOnlyList<string>? DefaultWords { get; private set; }

    /// <summary>ADD COLUMN: an inline <c>REFERENCES</c> (a foreign key that cannot be NOT VALID).</summary>
    public bool HasInlineReferences { get; private set; }

    /// <summary>ADD COLUMN: an inline <c>UNIQUE</c> or <c>PRIMARY KEY</c> (an index built under the ALTER's lock).</summary>
    public bool HasInlineUniqueIndex { get; private set; }

    /// <summary>ADD COLUMN: <c>GENERATED ALWAYS AS (...) STORED</c>.</summary>
    public bool IsStoredGenerated { get; private set; }

    /// <summary>ADD COLUMN: <c>GENERATED ... AS IDENTITY</c>.</summary>
    public bool IsIdentity { get; private set; }

    /// <summary>For a CHECK constraint: the column of a plain <c>CHECK (col IS NOT NULL)</c>, else null.</summary>
    public SqlName? NotNullCheckColumn { get; private set; }

    /// <summary>
    /// The action's reading, read once and kept with the action: the online rules, the migration's state and the
    /// column history each ask for it. The reading is never changed once made.
    /// </summary>
    public static AlterActionReading Of(ClassifiedStatement statement, AlterTableAction action)
    {
        if (Volatile.Read(ref action.ReadingMade) is { } known)
        {
            return known;
        }

        // Two threads may read the same action at once: both readings are equal, either may stay.
        var reading = new AlterActionReading(statement, action);
        Volatile.Write(ref action.ReadingMade, reading);
        return reading;
    }

    private bool Is(int index, string keyword) => index < _tokens.Length && _tokens[index].IsKeyword(_sql, keyword);

    private int Find(int from, params string[] words)
    {
        for (var i = from; i + words.Length <= _tokens.Length; i++)
        {
            var match = true;
            for (var j = 0; j < words.Length && match; j++)
            {
                match = _tokens[i + j].IsKeyword(_sql, words[j]);
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    private OnlineActionKind ReadKind()
    {
        IsNotValid = Find(0, "NOT", "VALID") >= 0;
        if (Is(0, "VALIDATE") && Is(1, "CONSTRAINT"))
        {
            var at = 2;
            Constraint = SqlName.Read(_sql, _tokens, ref at, SqlDialect.Postgres);
            return OnlineActionKind.ValidateConstraint;
        }

        if (Is(0, "DETACH") && Is(1, "PARTITION"))
        {
            IsConcurrent = Find(2, "CONCURRENTLY") >= 0;
            return OnlineActionKind.DetachPartition;
        }

        if (Action.Kind == AlterTableActionKind.AlterColumn)
        {
            return ReadAlterColumn();
        }

        if (Action.Kind == AlterTableActionKind.AddColumn)
        {
            ReadColumnDefinition();
            return OnlineActionKind.AddColumn;
        }

        if (!Is(0, "ADD"))
        {
            return OnlineActionKind.Other;
        }

        var index = 1;
        if (Is(index, "CONSTRAINT"))
        {
            index++;
            Constraint = SqlName.Read(_sql, _tokens, ref index, SqlDialect.Postgres);
        }

        if (Is(index, "FOREIGN"))
        {
            return OnlineActionKind.AddForeignKey;
        }

        if (Is(index, "CHECK"))
        {
            ReadNotNullCheck(index + 1);
            return OnlineActionKind.AddCheck;
        }

        if (Is(index, "EXCLUDE"))
        {
            return OnlineActionKind.AddExclude;
        }

        var unique = Is(index, "UNIQUE");
        if (!unique && !(Is(index, "PRIMARY") && Is(index + 1, "KEY")))
        {
            return OnlineActionKind.Other;
        }

        var usingIndex = Find(index, "USING", "INDEX");
        UsesIndex = usingIndex >= 0 && !Is(usingIndex + 2, "TABLESPACE");
        return unique ? OnlineActionKind.AddUnique : OnlineActionKind.AddPrimaryKey;
    }

    private OnlineActionKind ReadAlterColumn()
    {
        // ALTER [COLUMN] name: the action's own words come after the name.
        var index = Is(1, "COLUMN") ? 2 : 1;
        SqlName.Read(_sql, _tokens, ref index, SqlDialect.Postgres);
        if (Is(index, "SET") && Is(index + 1, "NOT") && Is(index + 2, "NULL"))
        {
            return OnlineActionKind.SetNotNull;
        }

        if (Is(index, "SET") && Is(index + 1, "DATA") && Is(index + 2, "TYPE"))
        {
            index += 3;
        }
        else if (Is(index, "TYPE"))
        {
            index++;
        }
        else
        {
            return OnlineActionKind.Other;
        }

        TypeText = TypeFrom(index, "USING", "COLLATE");
        return TypeText is null ? OnlineActionKind.Other : OnlineActionKind.AlterColumnType;
    }

    private void ReadColumnDefinition()
    {
        var index = Is(1, "COLUMN") ? 2 : 1;
        if (Is(index, "IF") && Is(index + 1, "NOT") && Is(index + 2, "EXISTS"))
        {
            index += 3;
        }

        SqlName.Read(_sql, _tokens, ref index, SqlDialect.Postgres);
        TypeText = TypeFrom(index, ColumnConstraintWords);
        IsNotNull = Find(index, "NOT", "NULL") >= 0 || Find(index, "PRIMARY", "KEY") >= 0;
        HasInlineReferences = Find(index, "REFERENCES") >= 0;
        HasInlineUniqueIndex = Find(index, "UNIQUE") >= 0 || Find(index, "PRIMARY", "KEY") >= 0;
        var generated = Find(index, "GENERATED");
        IsStoredGenerated = generated >= 0 && Find(generated, "STORED") >= 0;
        IsIdentity = generated >= 0 && Find(generated, "IDENTITY") >= 0;
        var defaultAt = Find(index, "DEFAULT");
        if (defaultAt >= 0)
        {
            var words = new List<string>();
            var depth = 0;
            for (var i = defaultAt + 1; i < _tokens.Length; i++)
            {
                var token = _tokens[i];
                depth += token.Kind == SqlTokenKind.OpenParen ? 1 : token.Kind == SqlTokenKind.CloseParen ? -1 : 0;
                if (depth == 0 && i > defaultAt + 1 && token.Kind == SqlTokenKind.Word && IsAny(token, ColumnConstraintWords))
                {
                    break;
                }

                if (token.Kind == SqlTokenKind.Word)
                {
                    words.Add(token.Text(_sql).ToUpperInvariant());
                }
            }

            DefaultWords = words;
        }
    }

    /// <summary>Reads <c>( col IS NOT NULL )</c> after CHECK: the only check PostgreSQL 12+ uses to skip SET NOT NULL's scan.</summary>
    private void ReadNotNullCheck(int index)
    {
        if (index >= _tokens.Length || _tokens[index].Kind != SqlTokenKind.OpenParen)
        {
            return;
        }

        var at = index + 1;
        var column = SqlName.Read(_sql, _tokens, ref at, SqlDialect.Postgres);
        if (column is not null && Is(at, "IS") && Is(at + 1, "NOT") && Is(at + 2, "NULL")
            && at + 3 < _tokens.Length && _tokens[at + 3].Kind == SqlTokenKind.CloseParen)
        {
            NotNullCheckColumn = column;
        }
    }

    /// <summary>The type's words from <paramref name="index"/> to the first stop word, lower-cased and without spaces around parentheses.</summary>
    private string? TypeFrom(int index, params string[] stopWords)
    {
        var text = new StringBuilder();
        var depth = 0;
        for (var i = index; i < _tokens.Length; i++)
        {
            var token = _tokens[i];
            if (depth == 0 && token.Kind == SqlTokenKind.Word && IsAny(token, stopWords))
            {
                break;
            }

            depth += token.Kind == SqlTokenKind.OpenParen ? 1 : token.Kind == SqlTokenKind.CloseParen ? -1 : 0;
            if (text.Length > 0 && token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && !EndsWith(text, '(') && !EndsWith(text, '.'))
            {
                text.Append(' ');
            }

            text.Append(token.Kind == SqlTokenKind.QuotedIdentifier ? token.Text(_sql) : token.Text(_sql).ToLowerInvariant());
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static bool EndsWith(StringBuilder text, char c) => text.Length > 0 && text[text.Length - 1] == c;

    private bool IsAny(SqlToken token, string[] words)
    {
        foreach (var word in words)
        {
            if (token.IsKeyword(_sql, word))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"{Kind} {TypeText}".Trim();
}
