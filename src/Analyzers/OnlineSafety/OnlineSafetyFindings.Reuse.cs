using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Lock;
using MigrationChain.Schema;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>
/// A file's findings carried over to the next compilation. csharp-ls (and any host that asks for the whole
/// compilation's diagnostics) runs every analyzer on every file for each keystroke; re-reading every file's SQL and
/// running the rules over it made an edit's cost grow with the project. A file's findings depend on its own tree, the
/// dialect, the attribute's meaning, its attributes' values and the chain's answers to the questions the rules asked;
/// when the tree is the same object, everything was read from syntax alone, the attributes read the same and every
/// recorded question gets the same answer, the earlier findings are the findings.
/// </summary>
internal sealed partial class OnlineSafetyFindings
{
    private static readonly ConditionalWeakTable<SyntaxTree, MemoSlot> Memos = new();

    private FileFindings? Reused(SyntaxTree tree, IReadOnlyList<MigrationDeclaration> migrations, SemanticModel model, CancellationToken token)
    {
        if (!Memos.TryGetValue(tree, out var slot) || Volatile.Read(ref slot.Last) is not { } memo || memo.HasChain != _chain is not null
            || memo.Attributes.Length != migrations.Count)
        {
            return null;
        }

        for (var i = 0; i < migrations.Count; i++)
        {
            if (memo.Attributes[i] is { } before && !Same(before, OnlineMigrationAttributes.Read(migrations[i], model, token)))
            {
                return null;
            }
        }

        var asked = new ChainQuestions?[migrations.Count];
        var hold = memo.Answers.StillHold(
            (index, kind, first, _) => kind == ChainQuestions.AgeKind && AgeStillHolds(memo, index, migrations[index], first, token),
            (index, kind, first, second) =>
        {
            var questions = asked[index] ??= Ask(migrations[index], token);
            return kind switch
            {
                ChainQuestions.AgeKind => questions.Age?.Invoke(first),
                ChainQuestions.ValidatedKind => questions.Validated?.Invoke(first, second!),
                ChainQuestions.NotValidCheckKind => questions.NotValidCheck?.Invoke(first, second!),
                ChainQuestions.TypeBeforeKind => questions.TypeBefore?.Invoke(first, second!),
                _ => questions.ColumnIsNew?.Invoke(first, second!),
            };
        });
        // The memo stays as it is, filed under the replay that answered it: nothing is written per file and per
        // compilation, and the next replay compares itself with that one.
        return hold ? memo.Findings : null;
    }

    /// <summary>
    /// True when a table-age answer of an earlier compilation holds without asking again: the same release boundary,
    /// and the replay says nothing the answer rests on changed (the table's events and their order relative to the
    /// migration).
    /// </summary>
    private bool AgeStillHolds(Memo memo, int index, MigrationDeclaration declaration, string table, CancellationToken token)
    {
        if (memo.History is not { } earlier || _chain is not { } chain || memo.Nodes[index] < 0
            || !ReferenceEquals(chain.Release(token).Boundary, memo.Boundary) || !chain.View(token).TryGetNode(declaration, out var node))
        {
            return false;
        }

        return chain.Schema(token).History.AgeStillHolds(earlier, memo.Nodes[index], node, table);
    }

    /// <summary>A memo, with the replay, release boundary and nodes its table-age answers came from (when it has any).</summary>
    private Memo WithChain(FileFindings findings, ChainAnswers answers, OnlineMigrationAttributes?[] attributes, IReadOnlyList<MigrationDeclaration> migrations, CancellationToken token)
    {
        if (_chain is not { } chain || !answers.Asked(ChainQuestions.AgeKind))
        {
            return new Memo(findings, answers, attributes, hasChain: _chain is not null, null, null, Array.Empty<int>());
        }

        var view = chain.View(token);
        var nodes = new int[migrations.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = view.TryGetNode(migrations[i], out var node) ? node : -1;
        }

        return new Memo(findings, answers, attributes, hasChain: true, chain.Schema(token).History, chain.Release(token).Boundary, nodes);
    }

    /// <summary>Keeps the findings for the next compilation when they came from this tree's syntax and the chain's answers only.</summary>
    private void Remember(
        SyntaxTree tree,
        IReadOnlyList<MigrationDeclaration> migrations,
        MigrationSymbols symbols,
        ValueResolver resolver,
        FileFindings findings,
        ChainAnswers answers,
        OnlineMigrationAttributes?[] attributes)
    {
        if (!symbols.AttributeNameIsUnambiguous || resolver.AskedModel)
        {
            return;
        }

        foreach (var declaration in migrations)
        {
            // A revision label not written as a literal came from the semantic model.
            if (declaration.Arguments is null)
            {
                return;
            }
        }

        Volatile.Write(ref Memos.GetValue(tree, _ => new MemoSlot()).Last, WithChain(findings, answers, attributes, migrations, resolver.CancellationToken));
    }

    private static bool Same(OnlineMigrationAttributes a, OnlineMigrationAttributes b) =>
        a.Transactional == b.Transactional
        && a.HasLockTimeout == b.HasLockTimeout
        && a.DisablesLockTimeout == b.DisablesLockTimeout
        && a.AcknowledgeLockHasReason == b.AcknowledgeLockHasReason
        && a.ContractStepHasReason == b.ContractStepHasReason;

    private sealed class MemoSlot
    {
        public Memo? Last;
    }

    private sealed class Memo
    {
        public Memo(FileFindings findings, ChainAnswers answers, OnlineMigrationAttributes?[] attributes, bool hasChain, SchemaHistory? history, ReleaseBoundary? boundary, int[] nodes)
        {
            Findings = findings;
            Answers = answers;
            Attributes = attributes;
            HasChain = hasChain;
            History = history;
            Boundary = boundary;
            Nodes = nodes;
        }

        /// <summary>The replay the table-age answers came from; null when none was asked.</summary>
        public SchemaHistory? History { get; }

        public ReleaseBoundary? Boundary { get; }

        /// <summary>Per declaration of the file, its node in <see cref="History"/>'s chain (-1: none).</summary>
        public int[] Nodes { get; }

        public FileFindings Findings { get; }

        public ChainAnswers Answers { get; }

        /// <summary>Per declaration of the file, the attributes the rules were given (null where no rule ran).</summary>
        public OnlineMigrationAttributes?[] Attributes { get; }

        public bool HasChain { get; }
    }
}

/// <summary>What the online-safety rules may ask the chain about one migration; every function null without a chain.</summary>
internal readonly struct ChainQuestions
{
    public const string AgeKind = "age";
    public const string ValidatedKind = "validated";
    public const string NotValidCheckKind = "not-valid-check";
    public const string TypeBeforeKind = "type-before";
    public const string ColumnIsNewKind = "column-is-new";

    public ChainQuestions(
        Func<string, TableAge>? age,
        Func<string, string, bool>? validated,
        Func<string, string, string?>? notValidCheck,
        Func<string, string, string?>? typeBefore,
        Func<string, string, bool>? columnIsNew)
    {
        Age = age;
        Validated = validated;
        NotValidCheck = notValidCheck;
        TypeBefore = typeBefore;
        ColumnIsNew = columnIsNew;
    }

    public Func<string, TableAge>? Age { get; }

    public Func<string, string, bool>? Validated { get; }

    public Func<string, string, string?>? NotValidCheck { get; }

    public Func<string, string, string?>? TypeBefore { get; }

    public Func<string, string, bool>? ColumnIsNew { get; }

    /// <summary>The same questions, each answer recorded in <paramref name="answers"/> for declaration <paramref name="index"/>.</summary>
    public ChainQuestions RecordedIn(ChainAnswers answers, int index) => new(
        Age is null ? null : answers.Recording(index, AgeKind, Age),
        Validated is null ? null : answers.Recording(index, ValidatedKind, Validated),
        NotValidCheck is null ? null : answers.Recording(index, NotValidCheckKind, NotValidCheck),
        TypeBefore is null ? null : answers.Recording(index, TypeBeforeKind, TypeBefore),
        ColumnIsNew is null ? null : answers.Recording(index, ColumnIsNewKind, ColumnIsNew));
}
