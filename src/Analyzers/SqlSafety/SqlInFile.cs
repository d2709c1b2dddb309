using System.Collections.Generic;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>One <c>Sql</c> call of a migration class whose SQL is a compile-time constant, with its statements.</summary>
internal readonly struct SqlInFile
{
    private SqlInFile(MigrationDeclaration declaration, BuilderMethod method, SqlCall call, IReadOnlyList<ClassifiedStatement> statements, ValueResolver resolver)
    {
        Declaration = declaration;
        Method = method;
        Call = call;
        Statements = statements;
        Resolver = resolver;
    }

    public MigrationDeclaration Declaration { get; }

    public BuilderMethod Method { get; }

    public SqlCall Call { get; }

    public IReadOnlyList<ClassifiedStatement> Statements { get; }

    /// <summary>Evaluates the guards' arguments when syntax could not.</summary>
    public ValueResolver Resolver { get; }

    /// <summary>
    /// Every such call in every method that takes the builder, of every class of the file whose <c>[Migration]</c>
    /// is MigrationChain's. SQL that is not a constant is left alone. <paramref name="resolver"/> evaluates what syntax
    /// could not; its <see cref="ValueResolver.AskedModel"/> then says whether the file was read from syntax alone.
    /// </summary>
    public static IEnumerable<SqlInFile> Read(SemanticModelAnalysisContext context, MigrationSymbols symbols, SqlDialect dialect, ValueResolver resolver)
    {
        var migrations = TreeFacts.Of(context.SemanticModel.SyntaxTree, context.CancellationToken).Migrations;
        if (migrations.Count == 0)
        {
            yield break;
        }

        for (var d = 0; d < migrations.Count; d++)
        {
            var declaration = migrations[d];
            if (!MigrationClass.IsConfirmed(declaration, symbols, context.SemanticModel, context.CancellationToken))
            {
                continue;
            }

            for (var m = 0; m < declaration.Methods.Count; m++)
            {
                var method = declaration.Methods[m];
                for (var c = 0; c < method.Calls.Count; c++)
                {
                    var call = method.Calls[c];
                    if (SqlCallReader.Statements(call, dialect, resolver) is { } statements)
                    {
                        yield return new SqlInFile(declaration, method, call, statements, resolver);
                    }
                }
            }
        }
    }
}
