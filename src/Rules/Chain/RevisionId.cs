using System;
using System.Runtime.CompilerServices;

namespace MigrationChain;

/// <summary>What a revision id or branch label may look like. Shared by rule MC1006 and target parsing.</summary>
public static class RevisionId
{
    /// <summary>Words that name targets (<c>head</c>, <c>heads</c>, <c>base</c>) and so cannot be revision ids.</summary>
    public static readonly string[] Reserved = { "head", "heads", "base" };

    /// <summary>Null when <paramref name="id"/> is a valid revision id or branch label, else why it is not.</summary>
    public static string? Problem(string? id)
    {
        if (id is null || id.Length == 0)
        {
            return "it is empty";
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            return "it is only whitespace";
        }

        foreach (var c in id)
        {
            if (!IsAllowed(c))
            {
                var shown = char.IsWhiteSpace(c) || char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
                return $"it contains {shown}; use only ASCII letters, digits, '_', '-' and '.'";
            }
        }

        if (id[0] is '-' or '+' or '.')
        {
            return $"it starts with '{id[0]}', which reads as a relative target or a hidden file";
        }

        // Every character is ASCII by now, so an ordinal case-insensitive match is the lower-cased comparison,
        // without a lower-cased copy of every id.
        foreach (var reserved in Reserved)
        {
            if (string.Equals(id, reserved, StringComparison.OrdinalIgnoreCase))
            {
                return $"'{id}' is a reserved target name";
            }
        }

        return null;
    }

    /// <summary>True exactly when <see cref="Problem"/> is null, without building the explanation: the check every
    /// revision gets at an application's start.</summary>
    [MethodImpl(StartPath.Optimized)]
    internal static bool IsValid(string? id)
    {
        if (id is null || id.Length == 0 || id[0] is '-' or '+' or '.')
        {
            return false;
        }

        // Whitespace and control characters are not allowed either, so this also rejects what is only whitespace.
        foreach (var c in id)
        {
            if (!IsAllowed(c))
            {
                return false;
            }
        }

        if (id.Length is 4 or 5)
        {
            foreach (var reserved in Reserved)
            {
                if (string.Equals(id, reserved, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsAllowed(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' or '.';
}
