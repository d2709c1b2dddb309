using System;
using System.Linq;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Errors;

/// <summary>Writes a failure: a message and what to do on stderr (the stack trace only with --verbose), or JSON.</summary>
internal static class ErrorReport
{
    public static int Write(CommandContext context, Exception error, DatabaseAddress? database = null)
    {
        var failure = ErrorAdvice.Describe(error, context, database);
        var console = context.Console;
        if (console.IsJson)
        {
            console.Json(new { error = Json(failure) });
        }
        else
        {
            console.Error(console.Paint("error: ", Tone.Bad) + failure.Described);
            if (failure.WhatToDo.Count > 0)
            {
                console.Error("what to do:");
                foreach (var step in failure.WhatToDo)
                {
                    console.Error("  " + step);
                }
            }
        }

        if (console.IsVerbose)
        {
            console.Error(error.ToString());
        }

        return failure.ExitCode;
    }

    public static object Json(Failure failure) => new
    {
        exitCode = failure.ExitCode,
        kind = failure.Kind,
        database = failure.Database,
        message = failure.Message,
        whatToDo = failure.WhatToDo.ToArray(),
    };
}
