using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// The per-tree facts of every tree of one compilation, in the compilation's tree order, with what the analyzers ask of
/// all of them at once: which trees declare migrations, and whether any declares a <c>Migration</c> look-alike.
/// </summary>
/// <remarks>
/// An IDE edit replaces one tree and keeps every other tree object, in the same position. So this index is derived
/// from the index of an earlier compilation of the same project by comparing the two tree arrays by reference (a scan
/// of pointers, no tree or facts object touched) and looking up facts only for the trees that changed. Asking every
/// tree's cached facts instead costs one table look-up per tree and per question, several times per compilation: at
/// 10,000 files that walk, not the edited file, was the largest part of an edit's cost.
/// </remarks>
internal sealed class CompilationFacts
{
    // Beyond this many changed trees the index is rebuilt from the per-tree cache (a look-up per tree).
    private const int MaxChangedTrees = 16;

    private static readonly ConditionalWeakTable<Compilation, CompilationFacts> Cache = new();

    // The latest index of a project, for its next compilation to start from, kept with the project's first and last
    // trees: an edit replaces at most one of them, so the other still leads to it. It lives as long as those trees do
    // (a closed project, or a finished build in the compiler server, leaves nothing behind) and holds, besides, the
    // trees the newer compilation replaced.
    private static readonly ConditionalWeakTable<SyntaxTree, Slot> Latest = new();

    private readonly SyntaxTree[] _trees;
    private readonly TreeFacts[] _facts;
    private readonly int _attributeLookalikes;
    private readonly int _migrationLookalikes;

    private CompilationFacts(SyntaxTree[] trees, TreeFacts[] facts, IReadOnlyList<TreeFacts> withMigrations, int attributeLookalikes, int migrationLookalikes)
    {
        _trees = trees;
        _facts = facts;
        WithMigrations = withMigrations;
        _attributeLookalikes = attributeLookalikes;
        _migrationLookalikes = migrationLookalikes;
    }

    /// <summary>The facts of every tree that declares at least one migration candidate, in tree order.</summary>
    public IReadOnlyList<TreeFacts> WithMigrations { get; }

    /// <summary>The index of <paramref name="compilation"/>'s trees: built once per compilation, from an earlier one when it can.</summary>
    public static CompilationFacts Of(Compilation compilation, CancellationToken cancellationToken)
    {
        if (Cache.TryGetValue(compilation, out var known))
        {
            return known;
        }

        var trees = compilation.SyntaxTrees.ToArray();
        var built = Build(trees, Closest(trees), cancellationToken);
        var kept = Cache.GetValue(compilation, _ => built);
        if (ReferenceEquals(kept, built) && trees.Length > 0)
        {
            Volatile.Write(ref Latest.GetValue(trees[0], _ => new Slot()).Index, built);
            Volatile.Write(ref Latest.GetValue(trees[trees.Length - 1], _ => new Slot()).Index, built);
        }

        return kept;
    }

    /// <summary>
    /// True when a tree declares a type named <paramref name="typeName"/> (<c>Migration</c> or
    /// <c>MigrationAttribute</c>) outside the <c>MigrationChain</c> namespace.
    /// </summary>
    public bool SourceDeclares(string typeName) => typeName switch
    {
        MigrationSyntaxReader.AttributeTypeName => _attributeLookalikes > 0,
        MigrationSyntaxReader.AttributeName => _migrationLookalikes > 0,
        _ => _facts.Any(f => f.LookalikeTypeNames.Contains(typeName)),
    };

    /// <summary>The index of <paramref name="compilation"/>, taken over from <paramref name="earlier"/> where the trees are the same.</summary>
    internal static CompilationFacts Derive(CompilationFacts earlier, Compilation compilation, CancellationToken cancellationToken)
    {
        var trees = compilation.SyntaxTrees.ToArray();
        return Build(trees, earlier._trees.Length == trees.Length ? earlier : null, cancellationToken);
    }

    /// <summary>True when this index was taken over from an earlier one rather than built by looking at every tree.</summary>
    internal bool IsDerived { get; private set; }

    private static CompilationFacts Build(SyntaxTree[] trees, CompilationFacts? earlier, CancellationToken cancellationToken)
    {
        var facts = new TreeFacts[trees.Length];
        if (earlier is null)
        {
            // A first look (a command-line compile, a project just opened) reads every tree; the reads are
            // independent, so they run on every core (ParallelReading says why that pays in a compile). Trees read
            // already are looked up here: in a compile the analyzers' compilation is the generator's plus the
            // generated files, so only those few are new to it.
            var unread = new List<int>();
            for (var i = 0; i < trees.Length; i++)
            {
                if (!TreeFacts.TryGetRead(trees[i], out facts[i]))
                {
                    unread.Add(i);
                }
            }

            ParallelReading.For(unread.Count, k => facts[unread[k]] = TreeFacts.Of(trees[unread[k]], cancellationToken), cancellationToken);
        }

        var migrationsChanged = earlier is null;
        var attributeLookalikes = earlier?._attributeLookalikes ?? 0;
        var migrationLookalikes = earlier?._migrationLookalikes ?? 0;
        for (var i = 0; i < trees.Length; i++)
        {
            if (earlier is not null && ReferenceEquals(earlier._trees[i], trees[i]))
            {
                facts[i] = earlier._facts[i];
                continue;
            }

            facts[i] ??= TreeFacts.Of(trees[i], cancellationToken);
            attributeLookalikes += Count(facts[i], MigrationSyntaxReader.AttributeTypeName);
            migrationLookalikes += Count(facts[i], MigrationSyntaxReader.AttributeName);
            if (earlier is not null)
            {
                attributeLookalikes -= Count(earlier._facts[i], MigrationSyntaxReader.AttributeTypeName);
                migrationLookalikes -= Count(earlier._facts[i], MigrationSyntaxReader.AttributeName);
                migrationsChanged |= facts[i].Migrations.Count > 0 || earlier._facts[i].Migrations.Count > 0;
            }
        }

        IReadOnlyList<TreeFacts> withMigrations;
        if (!migrationsChanged && earlier is not null)
        {
            withMigrations = earlier.WithMigrations;
        }
        else
        {
            var list = new List<TreeFacts>();
            foreach (var tree in facts)
            {
                if (tree.Migrations.Count > 0)
                {
                    list.Add(tree);
                }
            }

            withMigrations = list;
        }

        return new CompilationFacts(trees, facts, withMigrations, attributeLookalikes, migrationLookalikes) { IsDerived = earlier is not null };
    }

    private static int Count(TreeFacts facts, string typeName)
    {
        var count = 0;
        foreach (var name in facts.LookalikeTypeNames)
        {
            if (name == typeName)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The project's latest index, if it covers as many trees and differs from <paramref name="trees"/> in a few places.</summary>
    private static CompilationFacts? Closest(SyntaxTree[] trees)
    {
        if (trees.Length == 0)
        {
            return null;
        }

        foreach (var anchor in new[] { trees[0], trees[trees.Length - 1] })
        {
            if (!Latest.TryGetValue(anchor, out var slot) || Volatile.Read(ref slot.Index) is not { } candidate || candidate._trees.Length != trees.Length)
            {
                continue;
            }

            var changed = 0;
            for (var i = 0; i < trees.Length && changed <= MaxChangedTrees; i++)
            {
                if (!ReferenceEquals(candidate._trees[i], trees[i]))
                {
                    changed++;
                }
            }

            if (changed <= MaxChangedTrees)
            {
                return candidate;
            }
        }

        return null;
    }

    private sealed class Slot
    {
        public CompilationFacts? Index;
    }
}
