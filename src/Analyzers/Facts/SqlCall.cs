using System.Collections.Generic;
using System.Threading;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Facts;

/// <summary>One <c>m.Sql(...)</c> call: its argument, what syntax knows of the SQL, and the guards around it.</summary>
internal sealed class SqlCall
{
    // One field per dialect (fields, not two arrays per call: thousands of calls per build); statements of a literal
    // depend only on the tree, so they are read once per tree.
    private IReadOnlyList<ClassifiedStatement>? _postgresStatements;
    private IReadOnlyList<ClassifiedStatement>? _sqliteStatements;

    // The tokens of the known SQL, per dialect: lexed once for the checksum's canonical form and the statements both
    // (the checksum, computed first, leaves them here; reading the statements takes them away).
    private IReadOnlyList<SqlToken>? _postgresTokens;
    private IReadOnlyList<SqlToken>? _sqliteTokens;

    public SqlCall(InvocationExpressionSyntax invocation, ExpressionSyntax argument, StringFact sql, IReadOnlyList<Guard> guards)
    {
        Invocation = invocation;
        Argument = argument;
        Sql = sql;
        Guards = guards;
    }

    public InvocationExpressionSyntax Invocation { get; }

    public ExpressionSyntax Argument { get; }

    public StringFact Sql { get; }

    public IReadOnlyList<Guard> Guards { get; }

    /// <summary>The statements of a SQL text syntax could read; null when the text needs the semantic model.</summary>
    public IReadOnlyList<ClassifiedStatement>? KnownStatements(SqlDialect dialect)
    {
        if (!Sql.IsKnown)
        {
            return null;
        }

        ref var slot = ref StatementsOf(dialect);
        var statements = Volatile.Read(ref slot);
        if (statements is null)
        {
            statements = SqlStatementClassifier.ClassifyAll(Sql.Value ?? string.Empty, KnownTokens(dialect)!, dialect);
            Volatile.Write(ref slot, statements);
            Volatile.Write(ref TokensOf(dialect), null);
        }

        return statements;
    }

    /// <summary>The tokens of a SQL text syntax could read; null when the text needs the semantic model.</summary>
    public IReadOnlyList<SqlToken>? KnownTokens(SqlDialect dialect)
    {
        if (!Sql.IsKnown)
        {
            return null;
        }

        ref var slot = ref TokensOf(dialect);
        var tokens = Volatile.Read(ref slot);
        if (tokens is null)
        {
            tokens = SqlLexer.Tokenize(Sql.Value ?? string.Empty, dialect);

            // Kept only until the statements are read from them: nothing else needs them after that.
            if (Volatile.Read(ref StatementsOf(dialect)) is null)
            {
                Volatile.Write(ref slot, tokens);
            }
        }

        return tokens;
    }

    private ref IReadOnlyList<ClassifiedStatement>? StatementsOf(SqlDialect dialect) =>
        ref dialect == SqlDialect.Sqlite ? ref _sqliteStatements : ref _postgresStatements;

    private ref IReadOnlyList<SqlToken>? TokensOf(SqlDialect dialect) =>
        ref dialect == SqlDialect.Sqlite ? ref _sqliteTokens : ref _postgresTokens;
}
