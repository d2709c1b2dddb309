using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace MigrationChain.Cli.Output;

/// <summary>
/// A bar on the terminal's last line, redrawn in place under the log lines. It appears only once a run has taken
/// half a second, so quick runs print their lines and nothing else.
/// </summary>
internal sealed class ProgressBar : IDisposable
{
    private const int Width = 24;
    private static readonly TimeSpan ShowAfter = TimeSpan.FromMilliseconds(500);

    private readonly CliConsole _console;
    private readonly string _label;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly int _total;
    private int _done;
    private string? _current;
    private Stopwatch _currentClock = new();

    public ProgressBar(CliConsole console, string label, int total)
    {
        _console = console;
        _label = label;
        _total = total;
        _timer = new Timer(_ => Redraw(), null, ShowAfter, TimeSpan.FromMilliseconds(200));
    }

    public void Starting(string item)
    {
        _current = item;
        _currentClock = Stopwatch.StartNew();
        Redraw();
    }

    public void Completed()
    {
        Interlocked.Increment(ref _done);
        _current = null;
        Redraw();
    }

    public void Redraw()
    {
        if (_clock.Elapsed < ShowAfter)
        {
            return;
        }

        var done = Volatile.Read(ref _done);
        var current = _current is null
            ? string.Empty
            : $"  {_current} {_currentClock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
        if (_total <= 0)
        {
            // A fleet streams in: how many there are is known only at the end.
            _console.DrawStatus(this, $"{_label}: {done} done{current}");
            return;
        }

        done = Math.Min(done, _total);
        var filled = (int)Math.Round(Width * (double)done / _total);
        var bar = new string('#', filled) + new string('-', Width - filled);
        _console.DrawStatus(this, $"{_label} [{bar}] {done}/{_total}{current}");
    }

    public void Dispose()
    {
        _timer.Dispose();
        _console.EndProgress(this);
    }
}
