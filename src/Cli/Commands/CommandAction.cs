using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary>Runs a command's body with a console and a context, and turns whatever it throws into advice and an exit code.</summary>
internal static class CommandAction
{
    public static void Set(Command command, CliOptions options, Func<CommandContext, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var console = CliConsole.Create(new Redactor(), parse.GetValue(options.Json), parse.GetValue(options.Verbose), parse.GetValue(options.NoColor));
            var context = new CommandContext(parse, options, console);
            try
            {
                return await body(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return ErrorReport.Write(context, e, context.CurrentDatabase);
            }
        });
    }
}
