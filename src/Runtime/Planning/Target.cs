using System;
using System.Globalization;

namespace MigrationChain.Planning;

/// <summary>The forms a target can take, as in Alembic.</summary>
internal enum TargetKind
{
    /// <summary><c>head</c>: the single head.</summary>
    Head,

    /// <summary><c>heads</c>: every head.</summary>
    Heads,

    /// <summary><c>base</c>: before the first migration.</summary>
    Base,

    /// <summary><c>+N</c> / <c>-N</c>: N steps from the current state.</summary>
    Relative,

    /// <summary>A revision id or a unique prefix of one.</summary>
    Revision,

    /// <summary><c>rev+N</c> / <c>rev-N</c>: N steps from a revision along its line.</summary>
    RevisionRelative,

    /// <summary><c>label@head</c>.</summary>
    BranchHead,

    /// <summary><c>label@base</c>.</summary>
    BranchBase,

    /// <summary><c>label@+N</c> / <c>label@-N</c>.</summary>
    BranchRelative,
}

/// <summary>A parsed target. Parsing needs the chain only to tell a revision id from <c>rev+N</c>.</summary>
internal sealed record Target(string Text, TargetKind Kind, string? Name = null, int Steps = 0)
{
    public static Target Parse(string? text, Func<string, bool> isRevision)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new MigrationTargetException(text ?? string.Empty,
                "The target is empty. Use 'head', 'heads', 'base', a revision id or prefix, '+N', '-N' or 'branch@head'.");
        }

        switch (trimmed.ToLowerInvariant())
        {
            case "head":
                return new Target(trimmed, TargetKind.Head);
            case "heads":
                return new Target(trimmed, TargetKind.Heads);
            case "base":
                return new Target(trimmed, TargetKind.Base);
        }

        if (TryParseSteps(trimmed, out var steps))
        {
            return new Target(trimmed, TargetKind.Relative, Steps: steps);
        }

        var at = trimmed.IndexOf('@');
        if (at >= 0)
        {
            var label = trimmed.Substring(0, at);
            var rest = trimmed.Substring(at + 1);
            if (label.Length == 0)
            {
                throw new MigrationTargetException(trimmed, $"'{trimmed}' names no branch before '@'. Write it as 'label@head'.");
            }

            return rest.ToLowerInvariant() switch
            {
                "head" => new Target(trimmed, TargetKind.BranchHead, label),
                "base" => new Target(trimmed, TargetKind.BranchBase, label),
                _ when TryParseSteps(rest, out var branchSteps) => new Target(trimmed, TargetKind.BranchRelative, label, branchSteps),
                _ => throw new MigrationTargetException(trimmed,
                    $"'{trimmed}' is not a branch target: after '@' write 'head', 'base', '+N' or '-N'."),
            };
        }

        if (!isRevision(trimmed))
        {
            var sign = Math.Max(trimmed.LastIndexOf('+'), trimmed.LastIndexOf('-'));
            if (sign > 0 && TryParseSteps(trimmed.Substring(sign), out var revisionSteps))
            {
                return new Target(trimmed, TargetKind.RevisionRelative, trimmed.Substring(0, sign), revisionSteps);
            }
        }

        return new Target(trimmed, TargetKind.Revision, trimmed);
    }

    private static bool TryParseSteps(string text, out int steps)
    {
        steps = 0;
        if (text.Length < 2 || (text[0] != '+' && text[0] != '-'))
        {
            return false;
        }

        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return false;
            }
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out steps) || steps == 0)
        {
            throw new MigrationTargetException(text, $"'{text}' moves zero steps (or too many to count); use a number such as +1 or -2.");
        }

        return true;
    }
}
