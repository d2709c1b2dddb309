using System.Collections.Generic;
using MigrationChain.Rules;

namespace MigrationChain.Cli.Errors;

/// <summary>
/// "Did you mean": the known name closest to what was typed (a verb, a URL scheme, a connection-string key, a config
/// key), ignoring case, by the chain rules' own measure (<see cref="Nearest"/>), or null when nothing is close enough.
/// </summary>
internal static class NearestName
{
    public static string? Find(string typed, IEnumerable<string> known) => Nearest.Name(typed, known, ignoreCase: true);

    /// <summary>" Did you mean 'x'?" or nothing, to append to a sentence.</summary>
    public static string Suggestion(string typed, IEnumerable<string> known) =>
        Find(typed, known) is { } nearest ? $" Did you mean '{nearest}'?" : string.Empty;
}
