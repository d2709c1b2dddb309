using System.Collections.Generic;

namespace MigrationChain.Sql;

/// <summary>
/// Reads statements as schema changes: <c>CREATE/DROP/ALTER TABLE</c>, <c>CREATE/DROP INDEX</c> and the actions of an
/// <c>ALTER TABLE</c>, with their <c>IF [NOT] EXISTS</c> clauses. Works on the lexer's tokens, so names inside
/// strings, comments and dollar quotes are never mistaken for code. Anything it does not recognise is
/// <see cref="SqlStatementKind.Other"/>; it never throws.
/// </summary>
internal static class SqlStatementClassifier
{
    private static readonly string[] ColumnlessAddKeywords = { "CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE" };

    /// <summary>Every statement of <paramref name="sql"/>, classified, in order.</summary>
    public static List<ClassifiedStatement> ClassifyAll(string sql, SqlDialect dialect) =>
        ClassifyAll(sql ?? string.Empty, SqlLexer.Tokenize(sql ?? string.Empty, dialect), dialect);

    /// <summary>As above, from the text's tokens (<see cref="SqlLexer.Tokenize"/> in the same dialect), when the caller has them already.</summary>
    public static List<ClassifiedStatement> ClassifyAll(string sql, IReadOnlyList<SqlToken> tokens, SqlDialect dialect)
    {
        var statements = SqlStatementSplitter.Split(sql, tokens, dialect);
        var classified = new List<ClassifiedStatement>(statements.Count);
        foreach (var statement in statements)
        {
            classified.Add(Classify(statement, dialect));
        }

        return classified;
    }

    public static ClassifiedStatement Classify(SqlStatement statement, SqlDialect dialect)
    {
        var reader = new TokenReader(statement, dialect);
        if (reader.Accept("CREATE"))
        {
            return ReadCreate(statement, reader);
        }

        if (reader.Accept("DROP"))
        {
            return ReadDrop(statement, reader);
        }

        if (reader.Accept("ALTER") && reader.Accept("TABLE"))
        {
            return ReadAlterTable(statement, reader);
        }

        return SqlMaintenanceReading.Read(statement, dialect);
    }

    private static ClassifiedStatement ReadCreate(SqlStatement statement, TokenReader reader)
    {
        reader.Accept("OR", "REPLACE");
        var unique = reader.Accept("UNIQUE");
        if (reader.Accept("INDEX"))
        {
            var offset = reader.PreviousEnd;
            if (reader.Accept("CONCURRENTLY"))
            {
                offset = reader.PreviousEnd;
            }

            var ifNotExists = reader.Accept("IF", "NOT", "EXISTS");
            var index = reader.IsKeyword("ON") ? null : reader.ReadName();
            if (!reader.Accept("ON"))
            {
                return new ClassifiedStatement(statement, SqlStatementKind.Other);
            }

            reader.Accept("ONLY");
            var table = reader.ReadName();
            return table is null
                ? new ClassifiedStatement(statement, SqlStatementKind.Other)
                : new ClassifiedStatement(statement, SqlStatementKind.CreateIndex, table, index, hasExistenceClause: ifNotExists, existenceClauseOffset: offset);
        }

        if (unique)
        {
            return new ClassifiedStatement(statement, SqlStatementKind.Other);
        }

        // CREATE [GLOBAL | LOCAL] [TEMP | TEMPORARY | UNLOGGED] [VIRTUAL] TABLE: modifiers in any order, at most a few.
        for (var i = 0; i < 3; i++)
        {
            if (!(reader.Accept("GLOBAL") || reader.Accept("LOCAL") || reader.Accept("TEMP") || reader.Accept("TEMPORARY")
                  || reader.Accept("UNLOGGED") || reader.Accept("VIRTUAL")))
            {
                break;
            }
        }

        if (!reader.Accept("TABLE"))
        {
            return new ClassifiedStatement(statement, SqlStatementKind.Other);
        }

        var clauseOffset = reader.PreviousEnd;
        var exists = reader.Accept("IF", "NOT", "EXISTS");
        var created = reader.ReadName();
        return created is null
            ? new ClassifiedStatement(statement, SqlStatementKind.Other)
            : new ClassifiedStatement(statement, SqlStatementKind.CreateTable, created, hasExistenceClause: exists, existenceClauseOffset: clauseOffset);
    }

    private static ClassifiedStatement ReadDrop(SqlStatement statement, TokenReader reader)
    {
        SqlStatementKind kind;
        if (reader.Accept("TABLE"))
        {
            kind = SqlStatementKind.DropTable;
        }
        else if (reader.Accept("INDEX"))
        {
            kind = SqlStatementKind.DropIndex;
        }
        else
        {
            return new ClassifiedStatement(statement, SqlStatementKind.Other);
        }

        var offset = reader.PreviousEnd;
        if (kind == SqlStatementKind.DropIndex && reader.Accept("CONCURRENTLY"))
        {
            offset = reader.PreviousEnd;
        }

        var ifExists = reader.Accept("IF", "EXISTS");
        var names = new List<SqlName>();
        while (reader.ReadName() is { } name)
        {
            names.Add(name);
            if (!reader.AcceptComma())
            {
                break;
            }
        }

        return names.Count == 0
            ? new ClassifiedStatement(statement, SqlStatementKind.Other)
            : new ClassifiedStatement(statement, kind, table: kind == SqlStatementKind.DropTable ? names[0] : null, dropped: names, hasExistenceClause: ifExists, existenceClauseOffset: offset);
    }

    private static ClassifiedStatement ReadAlterTable(SqlStatement statement, TokenReader reader)
    {
        var offset = reader.PreviousEnd;
        var ifExists = reader.Accept("IF", "EXISTS");
        reader.Accept("ONLY");
        var table = reader.ReadName();
        if (table is null)
        {
            return new ClassifiedStatement(statement, SqlStatementKind.Other);
        }

        reader.AcceptOperator("*");
        var actions = new List<AlterTableAction>();
        while (!reader.AtEnd)
        {
            var first = reader.Index;
            var action = ReadAction(reader);
            reader.SkipToNextAction();
            action.SetTokens(first, reader.AtEnd && !reader.PreviousIsComma ? reader.Index : reader.Index - 1);
            actions.Add(action);
        }

        return new ClassifiedStatement(statement, SqlStatementKind.AlterTable, table, hasExistenceClause: ifExists, existenceClauseOffset: offset, actions: actions);
    }

    private static AlterTableAction ReadAction(TokenReader reader)
    {
        if (reader.Accept("ADD"))
        {
            if (reader.IsAnyKeyword(ColumnlessAddKeywords))
            {
                return new AlterTableAction(AlterTableActionKind.Other);
            }

            reader.Accept("COLUMN");
            var offset = reader.PreviousEnd;
            var ifNotExists = reader.Accept("IF", "NOT", "EXISTS");
            var column = reader.ReadName();
            return column is null
                ? new AlterTableAction(AlterTableActionKind.Other)
                : new AlterTableAction(AlterTableActionKind.AddColumn, column, hasExistenceClause: ifNotExists, existenceClauseOffset: offset);
        }

        if (reader.Accept("DROP"))
        {
            if (reader.IsKeyword("CONSTRAINT"))
            {
                return new AlterTableAction(AlterTableActionKind.Other);
            }

            reader.Accept("COLUMN");
            var offset = reader.PreviousEnd;
            var ifExists = reader.Accept("IF", "EXISTS");
            var column = reader.ReadName();
            return column is null
                ? new AlterTableAction(AlterTableActionKind.Other)
                : new AlterTableAction(AlterTableActionKind.DropColumn, column, hasExistenceClause: ifExists, existenceClauseOffset: offset);
        }

        if (reader.Accept("RENAME"))
        {
            if (reader.Accept("TO"))
            {
                var newName = reader.ReadName();
                return newName is null
                    ? new AlterTableAction(AlterTableActionKind.Other)
                    : new AlterTableAction(AlterTableActionKind.RenameTable, newName: newName);
            }

            if (reader.IsKeyword("CONSTRAINT"))
            {
                return new AlterTableAction(AlterTableActionKind.Other);
            }

            reader.Accept("COLUMN");
            var column = reader.ReadName();
            return column is not null && reader.Accept("TO") && reader.ReadName() is { } renamed
                ? new AlterTableAction(AlterTableActionKind.RenameColumn, column, renamed)
                : new AlterTableAction(AlterTableActionKind.Other);
        }

        if (reader.Accept("ALTER"))
        {
            reader.Accept("COLUMN");
            var column = reader.ReadName();
            return column is null
                ? new AlterTableAction(AlterTableActionKind.Other)
                : new AlterTableAction(AlterTableActionKind.AlterColumn, column);
        }

        return new AlterTableAction(AlterTableActionKind.Other);
    }

    /// <summary>A forward-only view of a statement's code tokens.</summary>
    private sealed class TokenReader
    {
        private readonly string _sql;
        private readonly IReadOnlyList<SqlToken> _tokens;
        private readonly SqlDialect _dialect;
        private int _index;

        public TokenReader(SqlStatement statement, SqlDialect dialect)
        {
            _sql = statement.Source;
            _tokens = statement.Tokens;
            _dialect = dialect;
        }

        public bool AtEnd => _index >= _tokens.Count;

        public int Index => _index;

        public bool PreviousIsComma => _index > 0 && _tokens[_index - 1].Kind == SqlTokenKind.Comma;

        /// <summary>Offset just past the last token read.</summary>
        public int PreviousEnd => _index == 0 ? 0 : _tokens[_index - 1].End;

        public bool IsKeyword(string keyword) => !AtEnd && _tokens[_index].IsKeyword(_sql, keyword);

        public bool IsAnyKeyword(string[] keywords)
        {
            foreach (var keyword in keywords)
            {
                if (IsKeyword(keyword))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Consumes the keyword when it comes next.</summary>
        public bool Accept(string keyword)
        {
            if (!IsKeyword(keyword))
            {
                return false;
            }

            _index++;
            return true;
        }

        /// <summary>Consumes the keywords when all of them come next, in order; otherwise consumes nothing.</summary>
        public bool Accept(string first, string second) => Accept(first, second, null);

        /// <inheritdoc cref="Accept(string, string)"/>
        public bool Accept(string first, string second, string? third)
        {
            var count = third is null ? 2 : 3;
            if (_index + count > _tokens.Count
                || !_tokens[_index].IsKeyword(_sql, first)
                || !_tokens[_index + 1].IsKeyword(_sql, second)
                || (third is not null && !_tokens[_index + 2].IsKeyword(_sql, third)))
            {
                return false;
            }

            _index += count;
            return true;
        }

        public bool AcceptComma()
        {
            if (!AtEnd && _tokens[_index].Kind == SqlTokenKind.Comma)
            {
                _index++;
                return true;
            }

            return false;
        }

        public void AcceptOperator(string text)
        {
            if (!AtEnd && _tokens[_index].Kind == SqlTokenKind.Operator && _tokens[_index].Length == text.Length
                && string.CompareOrdinal(_sql, _tokens[_index].Start, text, 0, text.Length) == 0)
            {
                _index++;
            }
        }

        public SqlName? ReadName() => SqlName.Read(_sql, _tokens, ref _index, _dialect);

        /// <summary>Moves past the next comma outside parentheses, or to the end.</summary>
        public void SkipToNextAction()
        {
            var depth = 0;
            while (!AtEnd)
            {
                var kind = _tokens[_index++].Kind;
                if (kind == SqlTokenKind.OpenParen)
                {
                    depth++;
                }
                else if (kind == SqlTokenKind.CloseParen && depth > 0)
                {
                    depth--;
                }
                else if (kind == SqlTokenKind.Comma && depth == 0)
                {
                    return;
                }
            }
        }
    }
}
