using System;
using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Cli.Output;

/// <summary>
/// Turns what a runner does into output: one line per migration with its duration, the backup path, lock waits,
/// and (on a terminal, for one database) a progress bar. In fleet mode every line names its database.
/// </summary>
internal sealed class StepReporter : MigrationListener, IDisposable
{
    private readonly CliConsole _console;
    private readonly string _database;
    private readonly bool _showBar;
    private readonly string _prefix;
    private ProgressBar? _bar;
    private int _width;

    public StepReporter(CliConsole console, string database, bool inFleet)
    {
        _console = console;
        _database = database;
        _showBar = !inFleet;
        _prefix = inFleet ? $"[{database}] " : string.Empty;
    }

    /// <summary>The backup written before the run, if any.</summary>
    public string? BackupPath { get; private set; }

    public override void OnPlan(MigrationOperation operation, string target, IReadOnlyList<MigrationStep> steps)
    {
        _width = steps.Count == 0 ? 0 : steps.Max(s => s.Revision.Length);
        var verb = operation switch
        {
            MigrationOperation.Upgrade => "upgrading",
            MigrationOperation.Downgrade => "downgrading",
            _ => "stamping",
        };
        var count = operation == MigrationOperation.Stamp ? $"{steps.Count} version row change(s)" : $"{steps.Count} migration(s)";
        _console.Event($"{_prefix}{verb} {(_prefix.Length == 0 ? _database + " " : string.Empty)}to {target}: {count}");
        if (_showBar && operation != MigrationOperation.Stamp)
        {
            _bar = _console.StartProgress(operation == MigrationOperation.Upgrade ? "upgrading" : "downgrading", steps.Count);
        }
    }

    public override void OnStepStarting(MigrationStep migrationStep) => _bar?.Starting(migrationStep.Revision);

    public override void OnStepCompleted(MigrationStep migrationStep)
    {
        var verb = migrationStep.Direction == MigrationDirection.Upgrade ? "upgrade" : "downgrade";
        var duration = Durations.Format(migrationStep.Duration);
        if (_console.Mode == OutputMode.Terminal)
        {
            var mark = _console.Paint("ok", Tone.Good);
            _console.Line($"  {_prefix}{mark} {verb,-9} {migrationStep.Revision.PadRight(_width)}  {_console.Paint(duration, Tone.Dim)}");
        }
        else
        {
            _console.Event($"{_prefix}{verb} {migrationStep.Revision} done in {duration}");
        }

        _bar?.Completed();
    }

    public override void OnStepFailed(MigrationStep migrationStep, Exception exception)
    {
        var verb = migrationStep.Direction == MigrationDirection.Upgrade ? "upgrade" : "downgrade";
        var mark = _console.Paint("FAILED", Tone.Bad);
        _console.Event($"{(_console.Mode == OutputMode.Terminal ? "  " : string.Empty)}{_prefix}{mark} {verb} {migrationStep.Revision} (rolled back)");
        _bar?.Dispose();
        _bar = null;
    }

    public override void OnWaitingForLock(string? holder) =>
        _console.Event($"{_prefix}waiting for the migration lock{(holder is null ? string.Empty : ", held by " + holder)} ...");

    public override void OnBackupCreated(string path)
    {
        BackupPath = path;
        _console.Event($"{_prefix}backup written: {path}");
    }

    public override void OnWarning(string message) => _console.Error($"{_prefix}warning: {Errors.CliLanguage.InCliWords(message)}");

    // The runtime's message names the C# API; on the command line the way out is mchain stamp --accept-edits.
    public override void OnDrift(DriftFinding finding) =>
        _console.Error($"{_prefix}warning: {Commands.DriftReport.Line(finding, $"mchain stamp --accept-edits {finding.Revision}")}");

    public override void OnNotice(string message) => _console.Event($"{_prefix}note: {message}");

    public void Dispose()
    {
        _bar?.Dispose();
        _bar = null;
    }
}
