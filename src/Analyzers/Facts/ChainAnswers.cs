using System;
using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// The questions one file's analysis asked of the project's chain (a table's age before a migration, a column's type
/// before it, ...) with the answers it got, so that a later compilation can tell, by asking them again, whether the
/// file's result still holds without running the analysis again.
/// </summary>
/// <remarks>
/// A host that analyses the whole compilation on every keystroke (csharp-ls runs every analyzer on every file of the
/// project for each pull) would otherwise redo every file's rules after each edit, although an edit changes one file
/// and, for every other file, almost never any answer that file's rules were given. Asking the recorded questions
/// again is a few look-ups in the replay a compilation builds once; re-reading a file's SQL and running the rules
/// over it is what it saves. Answers compare by value: two compilations build distinct but equal answer objects.
/// </remarks>
internal sealed class ChainAnswers
{
    private readonly List<Answer> _answers = new();

    /// <summary>Whether every recorded answer is still what <paramref name="ask"/> gives for the same question.</summary>
    /// <param name="unchanged">
    /// True when the new compilation can tell without asking that a question's answer is the same (nothing it rests
    /// on changed); asking is the fallback.
    /// </param>
    /// <param name="ask">Asks a question again in the new compilation: (declaration index in the file, kind, arguments) to the answer.</param>
    public bool StillHold(Func<int, string, string, string?, bool> unchanged, Func<int, string, string, string?, object?> ask)
    {
        foreach (var answer in _answers)
        {
            if (!unchanged(answer.Declaration, answer.Kind, answer.First, answer.Second)
                && !Same(answer.Value, ask(answer.Declaration, answer.Kind, answer.First, answer.Second)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when a question of <paramref name="kind"/> was asked.</summary>
    public bool Asked(string kind)
    {
        lock (_answers)
        {
            foreach (var answer in _answers)
            {
                if (answer.Kind == kind)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A question's function that records what it answers, under <paramref name="kind"/>.</summary>
    public Func<string, T> Recording<T>(int declaration, string kind, Func<string, T> ask) => first =>
    {
        var value = ask(first);
        lock (_answers)
        {
            _answers.Add(new Answer(declaration, kind, first, null, value));
        }

        return value;
    };

    /// <summary>A two-argument question's function that records what it answers, under <paramref name="kind"/>.</summary>
    public Func<string, string, T> Recording<T>(int declaration, string kind, Func<string, string, T> ask) => (first, second) =>
    {
        var value = ask(first, second);
        lock (_answers)
        {
            _answers.Add(new Answer(declaration, kind, first, second, value));
        }

        return value;
    };

    // Answers are strings, booleans and TableAge (compared through its parts): what the rules can see of them.
    private static bool Same(object? a, object? b)
    {
        if (a is Schema.TableAge x && b is Schema.TableAge y)
        {
            return x.Kind == y.Kind && x.Creator == y.Creator && x.ParallelCreators.SequenceEqual(y.ParallelCreators, StringComparer.Ordinal);
        }

        return Equals(a, b);
    }

    private readonly struct Answer
    {
        public Answer(int declaration, string kind, string first, string? second, object? value)
        {
            Declaration = declaration;
            Kind = kind;
            First = first;
            Second = second;
            Value = value;
        }

        public int Declaration { get; }

        public string Kind { get; }

        public string First { get; }

        public string? Second { get; }

        public object? Value { get; }
    }
}
