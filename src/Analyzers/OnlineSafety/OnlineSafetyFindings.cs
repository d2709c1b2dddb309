using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Schema;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>
/// The online-safety diagnostics of one file in one compilation, computed once and shared by the MC5xxx analyzers
/// (each reports its own id). Statements come from the per-tree facts every analyzer shares (a literal is lexed once
/// per tree, not per edit); the chain is asked only when a statement touches a table that did not start in the
/// migration, and the column history only for a type change or <c>SET NOT NULL</c>.
/// </summary>
internal sealed partial class OnlineSafetyFindings
{
    private static readonly ConditionalWeakTable<Compilation, OnlineSafetyFindings> PerCompilation = new();

    private static readonly ConditionalWeakTable<MigrationDeclaration, MigrationColumnFacts> ColumnFactsCache = new();

    private static readonly Dictionary<string, DiagnosticDescriptor> DescriptorsById = new(StringComparer.Ordinal)
    {
        [RuleIds.BlockingIndexChange] = Descriptors.MC5001_BlockingIndexChange,
        [RuleIds.TableRewriteCommand] = Descriptors.MC5002_TableRewriteCommand,
        [RuleIds.ConcurrentlyInTransaction] = Descriptors.MC5003_ConcurrentlyInTransaction,
        [RuleIds.SeveralStatementsWithoutTransaction] = Descriptors.MC5004_SeveralStatementsWithoutTransaction,
        [RuleIds.ConstraintWithoutNotValid] = Descriptors.MC5005_ConstraintWithoutNotValid,
        [RuleIds.ValidateInSameMigration] = Descriptors.MC5006_ValidateInSameMigration,
        [RuleIds.UniqueWithoutIndex] = Descriptors.MC5007_UniqueWithoutIndex,
        [RuleIds.SetNotNullScan] = Descriptors.MC5008_SetNotNullScan,
        [RuleIds.NotNullColumnWithoutDefault] = Descriptors.MC5009_NotNullColumnWithoutDefault,
        [RuleIds.RewritingAddColumn] = Descriptors.MC5010_RewritingAddColumn,
        [RuleIds.RewritingTypeChange] = Descriptors.MC5011_RewritingTypeChange,
        [RuleIds.RenameInUse] = Descriptors.MC5012_RenameInUse,
        [RuleIds.DropInUse] = Descriptors.MC5013_DropInUse,
        [RuleIds.NoLockTimeout] = Descriptors.MC5014_NoLockTimeout,
        [RuleIds.BackfillUnderDdlLock] = Descriptors.MC5015_BackfillUnderDdlLock,
        [RuleIds.TableOnParallelBranch] = Descriptors.MC5016_TableOnParallelBranch,
    };

    // The column history of a chain view: a view reused by the next compilation comes with its history (it depends on
    // nothing else: the view's graph and declarations, and each declaration's literal SQL).
    private static readonly ConditionalWeakTable<ChainView, ColumnHistory> ColumnsPerView = new();

    private readonly ConcurrentDictionary<SyntaxTree, OnceWithCancellation<FileFindings>> _files = new();
    private readonly CompilationChain? _chain;
    private readonly OnceWithCancellation<ColumnHistory>? _columns;
    private int _prepared;

    private OnlineSafetyFindings(Compilation compilation, AnalyzerOptions options)
    {
        _chain = CompilationChain.For(compilation, options);
        if (_chain is { } chain)
        {
            _columns = new OnceWithCancellation<ColumnHistory>(token =>
            {
                var view = chain.View(token);
                return ColumnsPerView.TryGetValue(view, out var known) ? known : ColumnsPerView.GetValue(view, BuildColumns);
            });
        }
    }

    /// <summary>
    /// Called at compilation start by each MC5xxx analyzer; the first builds what the files' findings share (the chain
    /// view, the schema replay, the release boundary and the column history), once, before any file's action runs,
    /// so that no file's action waits on another thread for them (a wait is billed as analyzer time too). Only when a
    /// migration is read as PostgreSQL: otherwise no MC5xxx rule can fire and nothing is built.
    /// </summary>
    public static void Prepare(Compilation compilation, AnalyzerOptions options, CancellationToken token)
    {
        var shared = PerCompilation.GetValue(compilation, c => new OnlineSafetyFindings(c, options));
        if (shared._chain is not { } chain || shared._columns is not { } columns || Interlocked.Exchange(ref shared._prepared, 1) != 0)
        {
            return;
        }

        foreach (var tree in CompilationFacts.Of(compilation, token).WithMigrations)
        {
            if (HasSql(tree.Migrations) && SqlDialectSetting.For(options, tree.Migrations[0].Class.SyntaxTree) == SqlDialect.Postgres)
            {
                chain.Schema(token);
                chain.Release(token);
                columns.Get(token);
                return;
            }
        }
    }

    /// <summary>
    /// The file's MC5xxx diagnostics with the given id (none for SQLite, generated code, or files without SQL). The
    /// sixteen analyzers ask for the same file one after another: the first computes every id's findings, and what
    /// does not depend on the id (the file's facts, its dialect, the compilation's shared state) is looked at once per
    /// file, not once per analyzer.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Of(SemanticModelAnalysisContext context, MigrationSymbols symbols, string id)
    {
        var model = context.SemanticModel;
        var compilation = model.Compilation;
        if (!PerCompilation.TryGetValue(compilation, out var shared))
        {
            var options = context.Options;
            shared = PerCompilation.GetValue(compilation, c => new OnlineSafetyFindings(c, options));
        }

        var tree = model.SyntaxTree;
        if (!shared._files.TryGetValue(tree, out var once))
        {
            var options = context.Options;
            once = shared._files.GetOrAdd(tree, _ => new OnceWithCancellation<FileFindings>(token => shared.Compute(model, options, symbols, token)));
        }

        return once.Get(context.CancellationToken).For(id);
    }

    private static bool HasSql(IReadOnlyList<MigrationDeclaration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            var migration = migrations[i];
            if (migration.Upgrade is { Calls.Count: > 0 } || migration.Downgrade is { Calls.Count: > 0 })
            {
                return true;
            }
        }

        return false;
    }

    private FileFindings Compute(SemanticModel model, AnalyzerOptions options, MigrationSymbols symbols, CancellationToken token)
    {
        var tree = model.SyntaxTree;
        var migrations = TreeFacts.Of(tree, token).Migrations;
        if (migrations.Count == 0 || !HasSql(migrations) || SqlDialectSetting.For(options, tree) != SqlDialect.Postgres)
        {
            return FileFindings.None;
        }

        // An unchanged file whose findings came from syntax alone and whose answers from the chain are the same as
        // in an earlier compilation has the same findings (csharp-ls analyses every file on every keystroke).
        if (symbols.AttributeNameIsUnambiguous && Reused(tree, migrations, model, token) is { } reused)
        {
            return reused;
        }

        var resolver = new ValueResolver(model.Compilation, model, token);
        var diagnostics = new FileFindings();
        var answers = new ChainAnswers();
        var attributesRead = new OnlineMigrationAttributes?[migrations.Count];
        for (var index = 0; index < migrations.Count; index++)
        {
            var declaration = migrations[index];
            if (!MigrationClass.IsConfirmed(declaration, symbols, model, token))
            {
                continue;
            }

            var calls = new List<SqlCall>();
            var upgrade = Statements(declaration.Upgrade, resolver, calls);
            var downgrade = Statements(declaration.Downgrade, resolver, calls);
            if (upgrade.Count == 0 && downgrade.Count == 0)
            {
                continue;
            }

            var attributes = attributesRead[index] = OnlineMigrationAttributes.Read(declaration, model, token);
            var revision = MigrationClass.Label(declaration, model, token);
            var facts = Facts(revision, attributes, Ask(declaration, token).RecordedIn(answers, index));
            foreach (var finding in OnlineSafetyRules.Check(upgrade, downgrade, facts))
            {
                var call = calls[finding.Source.Tag];
                var descriptor = DescriptorsById[finding.Id];
                diagnostics.Add(Diagnostic.Create(
                    descriptor,
                    call.Argument.GetLocation(),
                    Properties(finding, call, declaration, revision, attributes, upgrade, downgrade),
                    revision,
                    finding.Message));
            }
        }

        Remember(tree, migrations, symbols, resolver, diagnostics, answers, attributesRead);
        return diagnostics;
    }

    /// <summary>One file's diagnostics, by id.</summary>
    internal sealed class FileFindings
    {
        public static readonly FileFindings None = new();

        private readonly Dictionary<string, List<Diagnostic>> _byId = new(StringComparer.Ordinal);

        public void Add(Diagnostic diagnostic)
        {
            if (!_byId.TryGetValue(diagnostic.Id, out var list))
            {
                _byId[diagnostic.Id] = list = new List<Diagnostic>();
            }

            list.Add(diagnostic);
        }

        public IReadOnlyList<Diagnostic> For(string id) => _byId.TryGetValue(id, out var list) ? list : Array.Empty<Diagnostic>();
    }

    private static List<OnlineStatement> Statements(BuilderMethod? method, ValueResolver resolver, List<SqlCall> calls)
    {
        var statements = new List<OnlineStatement>();
        if (method is null)
        {
            return statements;
        }

        for (var c = 0; c < method.Calls.Count; c++)
        {
            var call = method.Calls[c];
            var tag = calls.Count;
            calls.Add(call);
            if (SqlCallReader.Statements(call, SqlDialect.Postgres, resolver) is not { } read)
            {
                statements.Add(new OnlineStatement(null, tag));
                continue;
            }

            for (var s = 0; s < read.Count; s++)
            {
                var statement = read[s];
                statements.Add(new OnlineStatement(statement, tag));
            }
        }

        // SQL run by code the builder was handed to may do anything, e.g. set a lock timeout.
        if (method.BuilderEscapes && calls.Count > 0)
        {
            statements.Insert(0, new OnlineStatement(null, calls.Count - 1));
        }

        return statements;
    }

    /// <summary>The chain's questions about one declaration (all null without a chain).</summary>
    private ChainQuestions Ask(MigrationDeclaration declaration, CancellationToken token)
    {
        if (_chain is not { } chain || _columns is not { } columns)
        {
            return default;
        }

        // The chain is asked on the first question only: most migrations touch no table that did not start in
        // them, and a file without such statements never builds the chain view.
        int? node = null;
        int NodeOf()
        {
            node ??= chain.View(token).TryGetNode(declaration, out var found) ? found : -1;
            return node.Value;
        }

        return new ChainQuestions(
            table =>
            {
                if (NodeOf() is var at && at < 0)
                {
                    return TableAge.PredatesChain;
                }

                var graph = chain.View(token).Graph;
                var boundary = chain.Release(token).Boundary;
                return chain.Schema(token).History.AgeBefore(at, table, n => boundary.IsReleased(graph.Id(n)));
            },
            (table, column) => NodeOf() is var at && at >= 0 && columns.Get(token).NotNullValidatedBefore(at, table, column),
            (table, constraint) => NodeOf() is var at && at >= 0 ? columns.Get(token).NotValidNotNullCheckBefore(at, table, constraint) : null,
            (table, column) => NodeOf() is var at && at >= 0 ? columns.Get(token).TypeBefore(at, table, column) : null,
            (table, column) =>
            {
                if (NodeOf() is var at && at < 0 || columns.Get(token).FirstDeclaredBefore(at, table, column) is var declarer && declarer < 0)
                {
                    return false;
                }

                return !chain.Release(token).Boundary.IsReleased(chain.View(token).Graph.Id(declarer));
            });
    }

    private static OnlineMigrationFacts Facts(string revision, OnlineMigrationAttributes attributes, ChainQuestions questions) =>
        new(revision)
        {
            Transactional = attributes.Transactional,
            HasLockTimeout = attributes.HasLockTimeout,
            DisablesLockTimeout = attributes.DisablesLockTimeout,
            AcknowledgesLocks = attributes.AcknowledgeLockHasReason == true,
            AcknowledgementWithoutReason = attributes.AcknowledgeLockHasReason == false,
            IsContractStep = attributes.ContractStepHasReason == true,
            ContractStepWithoutReason = attributes.ContractStepHasReason == false,
            AgeBefore = questions.Age,
            AncestorValidatedNotNull = questions.Validated,
            AncestorNotValidNotNullCheck = questions.NotValidCheck,
            ColumnTypeBefore = questions.TypeBefore,
            ColumnAddedSinceRelease = questions.ColumnIsNew,
        };

    private static ColumnHistory BuildColumns(ChainView view)
    {
        var migrations = new MigrationColumnFacts?[view.Graph.Count];
        foreach (var migration in view.Own)
        {
            if (view.TryGetNode(migration.Declaration, out var node))
            {
                migrations[node] = ColumnFactsOf(migration.Declaration);
            }
        }

        return ColumnHistory.Build(view.Graph, migrations);
    }

    /// <summary>
    /// A migration's column facts, kept with its declaration (so with its syntax tree): they come from literal SQL
    /// only, whose statements are cached per tree, so after an edit only the edited file's migrations are read again.
    /// </summary>
    private static MigrationColumnFacts ColumnFactsOf(MigrationDeclaration declaration) =>
        ColumnFactsCache.GetValue(declaration, d =>
        {
            var statements = new List<ClassifiedStatement>();
            foreach (var call in d.Upgrade?.Calls ?? (IReadOnlyList<SqlCall>)Array.Empty<SqlCall>())
            {
                if (call.KnownStatements(SqlDialect.Postgres) is { } known)
                {
                    statements.AddRange(known);
                }
            }

            return MigrationColumnFacts.Read(statements);
        });

    private static ImmutableDictionary<string, string?> Properties(
        OnlineFinding finding,
        SqlCall call,
        MigrationDeclaration declaration,
        string revision,
        OnlineMigrationAttributes attributes,
        List<OnlineStatement> upgrade,
        List<OnlineStatement> downgrade)
    {
        var method = Owner(declaration, call);
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[DiagnosticProperties.Dialect] = SqlDialectSetting.Name(SqlDialect.Postgres);
        properties[DiagnosticProperties.Revision] = revision;
        properties[DiagnosticProperties.Builder] = method?.BuilderName;
        properties[DiagnosticProperties.SingleStatement] = CountFor(finding.Source.Tag, upgrade, downgrade) == 1 ? "true" : "false";
        if (attributes.Transactional is { } transactional)
        {
            properties[DiagnosticProperties.Transactional] = transactional ? "true" : "false";
        }

        if (finding.Mode != PostgresLockMode.None)
        {
            properties[DiagnosticProperties.LockMode] = SqlLockReading.Name(finding.Mode);
        }

        Set(properties, DiagnosticProperties.Table, finding.Table?.Plain);
        Set(properties, DiagnosticProperties.Column, finding.Column?.Plain);
        Set(properties, DiagnosticProperties.Constraint, finding.Constraint?.Text);

        // Offsets into the SQL text map onto the source only for one plain literal.
        if (call.Argument is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) && finding.Statement is { } statement)
        {
            properties[DiagnosticProperties.SqlIsLiteral] = "true";
            properties[DiagnosticProperties.StatementStart] = Number(statement.Statement.Start);
            properties[DiagnosticProperties.StatementEnd] = Number(statement.Statement.End);
            if (finding.InsertOffset >= 0 && finding.Insert is { } insert)
            {
                properties[DiagnosticProperties.SqlOffset] = Number(finding.InsertOffset);
                properties[DiagnosticProperties.SqlInsert] = insert;
            }

            if (finding.ActionStart >= 0)
            {
                properties[DiagnosticProperties.ActionStart] = Number(finding.ActionStart);
                properties[DiagnosticProperties.ActionEnd] = Number(finding.ActionEnd);
            }
        }

        return properties.ToImmutable();
    }

    private static int CountFor(int tag, List<OnlineStatement> upgrade, List<OnlineStatement> downgrade)
    {
        var count = 0;
        foreach (var statement in upgrade)
        {
            count += statement.Tag == tag ? 1 : 0;
        }

        foreach (var statement in downgrade)
        {
            count += statement.Tag == tag ? 1 : 0;
        }

        return count;
    }

    private static BuilderMethod? Owner(MigrationDeclaration declaration, SqlCall call)
    {
        for (var m = 0; m < declaration.Methods.Count; m++)
        {
            var method = declaration.Methods[m];
            for (var c = 0; c < method.Calls.Count; c++)
            {
                var candidate = method.Calls[c];
                if (ReferenceEquals(candidate, call))
                {
                    return method;
                }
            }
        }

        return null;
    }

    private static void Set(ImmutableDictionary<string, string?>.Builder properties, string key, string? value)
    {
        if (value is not null)
        {
            properties[key] = value;
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
