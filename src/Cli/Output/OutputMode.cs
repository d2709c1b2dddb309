namespace MigrationChain.Cli.Output;

/// <summary>Who reads the output: a person at a terminal, a log file, or a program.</summary>
internal enum OutputMode
{
    /// <summary>Colours, a progress bar redrawn in place, durations aligned.</summary>
    Terminal,

    /// <summary>Output is redirected: one timestamped log line per event, nothing redrawn.</summary>
    Plain,

    /// <summary><c>--json</c>: one JSON document on stdout, nothing else there.</summary>
    Json,
}
