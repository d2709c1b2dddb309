using System.Collections.Generic;
using System.Threading;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Facts;

/// <summary>One <c>m.Sql(...)</c> call: its argument, what syntax knows of the SQL, and the guards around it.</summary>
internal sealed class SqlCall
{
    // One slot per dialect; statements of a literal depend only on the tree, so they are read once per tree.
    private readonly IReadOnlyList<ClassifiedStatement>?[] _statements = new IReadOnlyList<ClassifiedStatement>?[2];

    // The tokens of the known SQL, per dialect: lexed once for the checksum's canonical form and the statements both
    // (the checksum, computed first, leaves them here; reading the statements takes them away).
    private readonly IReadOnlyList<SqlToken>?[] _tokens = new IReadOnlyList<SqlToken>?[2];

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

        var slot = dialect == SqlDialect.Sqlite ? 1 : 0;
        var statements = Volatile.Read(ref _statements[slot]);
        if (statements is null)
        {
            statements = SqlStatementClassifier.ClassifyAll(Sql.Value ?? string.Empty, KnownTokens(dialect)!, dialect);
            Volatile.Write(ref _statements[slot], statements);
            Volatile.Write(ref _tokens[slot], null);
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

        var slot = dialect == SqlDialect.Sqlite ? 1 : 0;
        var tokens = Volatile.Read(ref _tokens[slot]);
        if (tokens is null)
        {
            tokens = SqlLexer.Tokenize(Sql.Value ?? string.Empty, dialect);

            // Kept only until the statements are read from them: nothing else needs them after that.
            if (Volatile.Read(ref _statements[slot]) is null)
            {
                Volatile.Write(ref _tokens[slot], tokens);
            }
        }

        return tokens;
    }
}
