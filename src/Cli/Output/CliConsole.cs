using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationChain.Cli.Output;

/// <summary>
/// Every byte the tool writes goes through here: redacted, serialized between threads (fleet runs report in
/// parallel), and kept clear of the progress bar's line.
/// </summary>
internal sealed class CliConsole : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly object _gate = new();
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private ProgressBar? _bar;

    public CliConsole(TextWriter output, TextWriter error, Redactor redactor, OutputMode mode, bool verbose, bool color)
    {
        _output = output;
        _error = error;
        Redactor = redactor;
        Mode = mode;
        IsVerbose = verbose;
        UsesColor = color && mode == OutputMode.Terminal;
    }

    public Redactor Redactor { get; }

    public OutputMode Mode { get; }

    public bool IsVerbose { get; }

    public bool UsesColor { get; }

    public bool IsJson => Mode == OutputMode.Json;

    /// <summary>Picks the mode from the options and from where stdout goes.</summary>
    public static CliConsole Create(Redactor redactor, bool json, bool verbose, bool noColor)
    {
        var interactive = !Console.IsOutputRedirected
            && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        var mode = json ? OutputMode.Json : interactive ? OutputMode.Terminal : OutputMode.Plain;
        var color = !noColor && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new CliConsole(Console.Out, Console.Error, redactor, mode, verbose, color);
    }

    /// <summary>A line for people, on stdout; nothing in JSON mode, where stdout belongs to the document.</summary>
    public void Line(string text = "")
    {
        if (!IsJson)
        {
            Write(_output, text);
        }
    }

    /// <summary>A log line for an event: timestamped when redirected, as is on a terminal.</summary>
    public void Event(string text)
    {
        if (Mode == OutputMode.Plain)
        {
            Write(_output, $"{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {text}");
        }
        else
        {
            Line(text);
        }
    }

    /// <summary>
    /// What the tool is doing before it has anything to show (building a project): on stderr, so stdout holds only
    /// the document (a script piped into a database, a JSON document) whatever the mode.
    /// </summary>
    public void Status(string text)
    {
        if (!IsJson)
        {
            Write(_error, text);
        }
    }

    /// <summary>A problem, on stderr, in every mode.</summary>
    public void Error(string text) => Write(_error, text);

    /// <summary>A <c>--verbose</c> trace, on stderr.</summary>
    public void Trace(string text)
    {
        if (IsVerbose)
        {
            Write(_error, "trace: " + text);
        }
    }

    /// <summary>The JSON document (JSON mode only), redacted like everything else.</summary>
    public void Json(object document)
    {
        var text = JsonSerializer.Serialize(document, document.GetType(), JsonOptions);
        Write(_output, text);
    }

    /// <summary>
    /// A JSON document with one long list (a fleet's databases), written item by item: ten thousand entries never sit
    /// in memory as one string. Each item is redacted on its own; an item holds whole values, so no secret is cut in two.
    /// </summary>
    public void Json(object head, string listName, IEnumerable<object> items, object tail)
    {
        var newLine = Environment.NewLine;
        string Members(object part) => JsonSerializer.Serialize(part, part.GetType(), JsonOptions).Trim()[1..^1].Trim('\r', '\n');
        var before = Members(head);
        Write(_output, "{" + (before.Length > 0 ? newLine + before + "," : string.Empty) + $"{newLine}  \"{listName}\": [");
        string? pending = null;
        foreach (var item in items)
        {
            if (pending is not null)
            {
                Write(_output, pending + ",");
            }

            pending = "    " + JsonSerializer.Serialize(item, item.GetType(), JsonOptions).Replace(newLine, newLine + "    ", StringComparison.Ordinal);
        }

        if (pending is not null)
        {
            Write(_output, pending);
        }

        var after = Members(tail);
        Write(_output, "  ]" + (after.Length > 0 ? "," + newLine + after : string.Empty) + newLine + "}");
    }

    public string Paint(string text, Tone tone)
    {
        if (!UsesColor)
        {
            return text;
        }

        var code = tone switch
        {
            Tone.Good => "32",
            Tone.Bad => "31",
            Tone.Warn => "33",
            Tone.Dim => "2",
            Tone.Strong => "1",
            _ => "0",
        };
        return $"\u001b[{code}m{text}\u001b[0m";
    }

    /// <summary>Starts a bar on the terminal's last line; null elsewhere (plain logs and JSON never redraw).</summary>
    public ProgressBar? StartProgress(string label, int total)
    {
        if (Mode != OutputMode.Terminal)
        {
            return null;
        }

        lock (_gate)
        {
            _bar?.Dispose();
            _bar = new ProgressBar(this, label, total);
            return _bar;
        }
    }

    internal void EndProgress(ProgressBar bar)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_bar, bar))
            {
                ClearStatus();
                _bar = null;
            }
        }
    }

    internal void DrawStatus(ProgressBar bar, string status)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_bar, bar))
            {
                _output.Write("\r\u001b[2K" + Redactor.Redact(status));
                _output.Flush();
            }
        }
    }

    /// <summary>Takes a bar that is still drawn off the screen, so the shell prompt starts on a clean line.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _bar?.Dispose();
            _bar = null;
        }
    }

    private void Write(TextWriter writer, string text)
    {
        var redacted = Redactor.Redact(text);
        lock (_gate)
        {
            if (_bar is not null)
            {
                ClearStatus();
            }

            writer.WriteLine(redacted);
            writer.Flush();
            _bar?.Redraw();
        }
    }

    private void ClearStatus()
    {
        _output.Write("\r\u001b[2K");
        _output.Flush();
    }
}

/// <summary>What a coloured span means.</summary>
internal enum Tone
{
    Plain,
    Good,
    Bad,
    Warn,
    Dim,
    Strong,
}
