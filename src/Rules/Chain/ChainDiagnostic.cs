using System;
using System.Collections.Generic;

namespace MigrationChain;

/// <summary>One finding of <see cref="ChainValidator"/> about one migration declaration.</summary>
public sealed class ChainDiagnostic
{
    internal ChainDiagnostic(
        string id,
        ChainSeverity severity,
        RevisionInfo reportedOn,
        IReadOnlyList<string> revisions,
        string message,
        IReadOnlyList<string>? suggestedRevisions = null)
    {
        Id = id;
        Severity = severity;
        ReportedOn = reportedOn;
        Revisions = revisions;
        Message = message;
        SuggestedRevisions = suggestedRevisions ?? Array.Empty<string>();
    }

    /// <summary>The rule id, e.g. <c>MC1001</c> (see <see cref="RuleIds"/>).</summary>
    public string Id { get; }

    /// <summary>Error or warning.</summary>
    public ChainSeverity Severity { get; }

    /// <summary>The revision whose declaration the diagnostic is reported on.</summary>
    public string Revision => ReportedOn.Revision;

    /// <summary>The declaration the diagnostic is reported on (its location, when known, is where to fix it).</summary>
    public RevisionInfo ReportedOn { get; }

    /// <summary>Every revision involved, starting with <see cref="Revision"/>.</summary>
    public IReadOnlyList<string> Revisions { get; }

    /// <summary>What is wrong and what to do about it.</summary>
    public string Message { get; }

    /// <summary>
    /// The revisions a fix would use, when the rule can tell: the head to use as <c>Parent</c> (MC1001), the existing
    /// revision closest to a misspelt reference (MC1002), or the heads a merge migration should join (MC1003).
    /// Code fixes read it; it is empty when no fix is obvious.
    /// </summary>
    public IReadOnlyList<string> SuggestedRevisions { get; }

    /// <summary>Where to fix it, when known.</summary>
    public SourceLocation? Location => ReportedOn.Location;

    /// <summary>The canonical compiler form: <c>file(line,col): error MC1001: message</c>.</summary>
    public override string ToString()
    {
        var severity = Severity == ChainSeverity.Error ? "error" : "warning";
        return Location is null
            ? $"{severity} {Id}: {Message}"
            : $"{Location}: {severity} {Id}: {Message}";
    }
}
