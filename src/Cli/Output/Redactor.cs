using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Text.RegularExpressions;

namespace MigrationChain.Cli.Output;

/// <summary>
/// Removes passwords from everything the tool writes: the ones it was given (registered when a database address is
/// parsed, before anything can echo them) and anything shaped like one (<c>Password=...</c>, <c>scheme://user:pass@</c>),
/// which also covers text the tool did not produce, such as a driver's error message or another process's command line.
/// </summary>
internal sealed partial class Redactor
{
    public const string Mask = "***";

    // Shorter secrets would mask ordinary letters everywhere; the patterns below still catch them in their usual places.
    private const int MinimumSecretLength = 3;

    private readonly object _gate = new();
    private string[] _secrets = Array.Empty<string>();

    public void Add(string? secret)
    {
        if (secret is null || secret.Length < MinimumSecretLength)
        {
            return;
        }

        lock (_gate)
        {
            _secrets = _secrets
                .Concat(new[] { secret, Uri.EscapeDataString(secret) })
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(s => s.Length)
                .ToArray();
        }
    }

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        // Each pattern needs a character most lines lack ('=', "://"): looking for it first keeps a 10,000-line history
        // from running two regular expressions per line.
        var redacted = text;
        if (redacted.Contains('=', StringComparison.Ordinal))
        {
            redacted = PasswordSetting().Replace(redacted, m => m.Groups["key"].Value + Mask);
        }

        if (redacted.Contains("://", StringComparison.Ordinal))
        {
            redacted = UrlPassword().Replace(redacted, m => m.Groups["user"].Value + ":" + Mask + "@");
        }

        foreach (var secret in Volatile.Read(ref _secrets))
        {
            redacted = redacted.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return redacted;
    }

    [GeneratedRegex("""(?<key>\b(?:password|pwd)\s*=\s*)(?:"[^"]*"|'[^']*'|[^;\s"']*)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordSetting();

    [GeneratedRegex("""(?<user>\b[a-z][a-z0-9+.\-]*://[^:/@\s]*):[^@/\s]*@""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();
}
