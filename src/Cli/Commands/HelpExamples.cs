using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Linq;

namespace MigrationChain.Cli.Commands;

/// <summary>Adds an "Examples" section to the help of every command that has examples.</summary>
internal sealed class HelpExamples : SynchronousCommandLineAction
{
    private readonly Dictionary<Command, string[]> _examples = new();
    private HelpAction? _help;

    /// <summary>Help is shown even when the rest of the line is incomplete (a required option missing).</summary>
    public override bool ClearsParseErrors => true;

    public void Add(Command command, params string[] examples) => _examples[command] = examples;

    /// <summary>Wraps the root's help option so its output ends with the examples.</summary>
    public void Install(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        _help = (HelpAction)option.Action!;
        option.Action = this;
    }

    public override int Invoke(ParseResult parseResult)
    {
        var result = _help!.Invoke(parseResult);
        if (_examples.TryGetValue(parseResult.CommandResult.Command, out var examples))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in examples)
            {
                output.WriteLine("  " + example);
            }

            output.WriteLine();
        }

        return result;
    }
}
