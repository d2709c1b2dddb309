using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;
using System.Text.RegularExpressions;

namespace MigrationChain.Cli.Errors;

/// <summary>"Did you mean": the command or option nearest to an unrecognized one ('mchain upgarde' -> upgrade).</summary>
internal static class ParseErrorAdvice
{
    private static readonly Regex Quoted = new("'([^']+)'", RegexOptions.CultureInvariant);

    public static string DidYouMean(ParseError error, ParseResult parse)
    {
        var match = Quoted.Match(error.Message);
        if (!error.Message.StartsWith("Unrecognized", System.StringComparison.Ordinal) || !match.Success)
        {
            return string.Empty;
        }

        var typed = match.Groups[1].Value;
        var command = parse.CommandResult.Command;
        var candidates = typed.StartsWith('-')
            ? command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive))
                .SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name));
        return NearestName.Find(typed, candidates) is { } nearest ? $" Did you mean '{nearest}'?" : string.Empty;
    }
}
