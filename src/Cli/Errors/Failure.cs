using System.Collections.Generic;

namespace MigrationChain.Cli.Errors;

/// <summary>A failure described for people and programs: the exit code, a kind, the message, and what to do.</summary>
/// <param name="ExitCode">See <see cref="ExitCodes"/>.</param>
/// <param name="Kind">A stable word for programs: <c>chain</c>, <c>state</c>, <c>lock</c>, <c>migration</c> ...</param>
/// <param name="Message">What happened.</param>
/// <param name="WhatToDo">Next steps, often a command to run.</param>
/// <param name="Database">The database it happened to, when there was one.</param>
internal sealed record Failure(int ExitCode, string Kind, string Message, IReadOnlyList<string> WhatToDo, string? Database = null)
{
    /// <summary>True when the database could not be read at all (so nothing is known of its state).</summary>
    public bool Unreadable { get; init; }

    /// <summary>Whether the database exists, when the failure tells (a missing PostgreSQL database); null when unknown.</summary>
    public bool? Exists { get; init; }

    /// <summary>The first line of the message, for a table cell that already names the database.</summary>
    public string Summary => Message.Split('\n')[0];

    /// <summary>The message, after the database's name when there is one.</summary>
    public string Described => Database is null ? Message : $"{Database}: {Message}";
}
