using System;
using System.Collections.Generic;

namespace MigrationChain.Cli.Errors;

/// <summary>A failure the tool explains itself: a message, what to do about it, and the exit code.</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message, params string[] whatToDo)
        : base(message)
    {
        ExitCode = exitCode;
        WhatToDo = whatToDo;
    }

    public int ExitCode { get; }

    /// <summary>Next steps, each a sentence or a command to run.</summary>
    public IReadOnlyList<string> WhatToDo { get; }
}
