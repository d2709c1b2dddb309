using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MigrationChain.Hosting.Tests.Support;

/// <summary>One log event as a host wrote it: the formatted message, the structured values and any exception.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> State, Exception? Exception)
{
    /// <summary>Everything the event would put in a log file, for searching (a password must never be in it).</summary>
    public string AllText =>
        $"{Category} {EventId} {Message} {string.Join(" ", State.Select(p => $"{p.Key}={p.Value}"))} {Exception}";

    public object? this[string property] => State.TryGetValue(property, out var value) ? value : null;
}

/// <summary>A logger provider that keeps every event a host writes, so tests can read the log as an operator would.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Raised on the logging thread for each event; tests use it to act at a precise moment.</summary>
    public event Action<LogEntry>? Logged;

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public IEnumerable<LogEntry> Events(int eventId) => Entries.Where(e => e.EventId.Id == eventId && e.Category == "MigrationChain");

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        Logged?.Invoke(entry);
    }

    private sealed class Recorder(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? Array.Empty<KeyValuePair<string, object?>>();
            provider.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), values.ToDictionary(p => p.Key, p => p.Value), exception));
        }
    }
}
