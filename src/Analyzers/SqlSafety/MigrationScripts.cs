using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Schema;
using MigrationChain.Sql;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>An ALTER TABLE statement of a migration, which a schema step's tag points back to.</summary>
internal sealed class ScriptedAlter
{
    public ScriptedAlter(SqlCall call, ClassifiedStatement statement, BuilderMethod method)
    {
        Call = call;
        Statement = statement;
        Method = method;
    }

    public SqlCall Call { get; }

    public ClassifiedStatement Statement { get; }

    public BuilderMethod Method { get; }
}

/// <summary>A migration's schema steps for the replay, and its ALTERs by tag.</summary>
internal sealed class ScriptedMigration
{
    public ScriptedMigration(MigrationScript script, IReadOnlyList<ScriptedAlter> alters, SqlDialect dialect)
    {
        Script = script;
        Alters = alters;
        Dialect = dialect;
    }

    public MigrationScript Script { get; }

    /// <summary>Indexed by <see cref="SchemaStep.Tag"/>.</summary>
    public IReadOnlyList<ScriptedAlter> Alters { get; }

    public SqlDialect Dialect { get; }
}

/// <summary>Turns a migration's <c>Sql</c> calls into the schema steps <see cref="SchemaHistory"/> replays.</summary>
internal static class MigrationScripts
{
    // A script read from syntax alone depends on nothing but its tree (and the dialect): it is kept with the tree.
    private static readonly ConditionalWeakTable<MigrationDeclaration, ScriptedMigration?[]> Cache = new();

    /// <summary>The script, and whether it was read from syntax alone (and so may be reused with the tree).</summary>
    public static ScriptedMigration Build(MigrationDeclaration declaration, SqlDialect dialect, ValueResolver resolver, out bool fromSyntaxOnly)
    {
        var slot = dialect == SqlDialect.Sqlite ? 1 : 0;
        fromSyntaxOnly = IsSyntaxOnly(declaration.Upgrade) && IsSyntaxOnly(declaration.Downgrade);
        var cached = fromSyntaxOnly ? Cache.GetValue(declaration, _ => new ScriptedMigration?[2]) : null;
        if (cached is not null && Volatile.Read(ref cached[slot]) is { } script)
        {
            return script;
        }

        var alters = new List<ScriptedAlter>();
        var upgrade = Steps(declaration.Upgrade, dialect, resolver, alters);
        var downgrade = Steps(declaration.Downgrade, dialect, resolver, alters);
        script = new ScriptedMigration(new MigrationScript(upgrade, downgrade), alters, dialect);
        if (cached is not null)
        {
            Volatile.Write(ref cached[slot], script);
        }

        return script;
    }

    private static bool IsSyntaxOnly(BuilderMethod? method)
    {
        if (method is null)
        {
            return true;
        }

        for (var c = 0; c < method.Calls.Count; c++)
        {
            var call = method.Calls[c];
            if (!call.Sql.IsKnown)
            {
                return false;
            }

            foreach (var guard in call.Guards)
            {
                if (!guard.Table.IsKnown || (guard.Kind == GuardKind.ColumnExists && !guard.Column.IsKnown))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static List<SchemaStep> Steps(BuilderMethod? method, SqlDialect dialect, ValueResolver resolver, List<ScriptedAlter> alters)
    {
        var steps = new List<SchemaStep>();
        if (method is null)
        {
            return steps;
        }

        if (method.BuilderEscapes)
        {
            steps.Add(SchemaStep.Unknown(-1));
        }

        for (var c = 0; c < method.Calls.Count; c++)
        {
            var call = method.Calls[c];
            var statements = SqlCallReader.Statements(call, dialect, resolver);
            if (statements is null)
            {
                steps.Add(SchemaStep.Unknown(-1));
                continue;
            }

            for (var s = 0; s < statements.Count; s++)
            {
                var statement = statements[s];
                AddSteps(method, call, statement, dialect, resolver, steps, alters);
            }
        }

        return steps;
    }

    private static void AddSteps(BuilderMethod method, SqlCall call, ClassifiedStatement statement, SqlDialect dialect, ValueResolver resolver, List<SchemaStep> steps, List<ScriptedAlter> alters)
    {
        switch (statement.Kind)
        {
            case SqlStatementKind.CreateTable when statement.Table is { } created:
                steps.Add(new SchemaStep(SchemaStepKind.CreateTable, created.Key));
                break;

            case SqlStatementKind.DropTable:
                foreach (var dropped in statement.Dropped)
                {
                    steps.Add(new SchemaStep(SchemaStepKind.DropTable, dropped.Key));
                }

                break;

            case SqlStatementKind.AlterTable when statement.Table is { } altered:
                var guarded = statement.HasExistenceClause || SqlCallReader.GuaranteesTable(call, altered, dialect, resolver);
                steps.Add(new SchemaStep(SchemaStepKind.AlterTable, altered.Key, isGuarded: guarded, tag: alters.Count));
                alters.Add(new ScriptedAlter(call, statement, method));
                for (var a = 0; a < statement.Actions.Count; a++)
                {
                    var action = statement.Actions[a];
                    if (action.Kind == AlterTableActionKind.RenameTable && action.NewName is { } renamed)
                    {
                        steps.Add(new SchemaStep(SchemaStepKind.RenameTable, altered.Key, renamed.Key));
                    }
                }

                break;
        }
    }
}
