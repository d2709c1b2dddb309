using System;
using System.Collections.Generic;
using MigrationChain.Discovery;

namespace MigrationChain.Execution;

/// <summary>
/// The step loop's record of the steps its session keeps to send together (<see cref="DatabaseSession.DeferredSteps"/>).
/// The listener hears of each step in the order the database runs them: a step that starts while others wait unsent
/// is announced once those have completed (the database starts it after their COMMITs), and each kept step is
/// reported completed once the session says its COMMIT ran, never before. After a failure, the first step left is
/// the one that failed, and the steps after it never ran.
/// </summary>
internal sealed class KeptSteps
{
    private readonly List<Entry> _steps = new();
    private readonly List<MigrationStep> _done;
    private readonly MigrationListener? _listener;

    // The step in progress, announced when the kept steps ahead of it have completed.
    private MigrationStep? _unannounced;

    public KeptSteps(List<MigrationStep> done, MigrationListener? listener)
    {
        _done = done;
        _listener = listener;
    }

    public int Count => _steps.Count;

    /// <summary>A step begins: announced now, or after the kept steps ahead of it.</summary>
    public void Starting(MigrationStep step)
    {
        if (_steps.Count == 0)
        {
            _listener?.OnStepStarting(step);
        }
        else
        {
            _unannounced = step;
        }
    }

    /// <summary>The step in progress was kept by the session (it began with <see cref="Starting"/>).</summary>
    public void Add(MigrationStep started, MigrationStep completed, int node, MigrationDefinition definition)
    {
        _steps.Add(new Entry(started, completed, node, definition, Announced: !ReferenceEquals(_unannounced, started)));
        _unannounced = null;
    }

    /// <summary>Reports the steps whose COMMIT ran since the last call, in order, then announces the step in progress.</summary>
    public void Settle(DatabaseSession session)
    {
        var durations = session.TakeCommittedDeferred();
        var committed = Math.Min(durations.Length, _steps.Count);
        for (var i = 0; i < committed; i++)
        {
            var entry = _steps[i];
            if (!entry.Announced)
            {
                _listener?.OnStepStarting(entry.Started);
            }

            // The database's account of the step's time (client and server) where it gave one; else the client's clock.
            var completed = durations[i] is { } duration ? entry.Started.Completed(duration) : entry.Completed;
            _done.Add(completed);
            _listener?.OnStepCompleted(completed);
        }

        _steps.RemoveRange(0, committed);
        if (_steps.Count == 0 && _unannounced is { } step)
        {
            _unannounced = null;
            _listener?.OnStepStarting(step);
        }
    }

    /// <summary>
    /// After <see cref="DeferredStepsFailedException"/> and <see cref="Settle"/>: the step that failed, announced if it
    /// was not. It and every step after it (the one in progress included) are not applied: the state the planner
    /// reads is put back for each.
    /// </summary>
    public (MigrationStep Step, MigrationDefinition Definition) TakeFailed(bool[] applied)
    {
        var failed = _steps[0];
        if (!failed.Announced)
        {
            _listener?.OnStepStarting(failed.Started);
        }

        Drop(applied);
        return (failed.Started, failed.Definition);
    }

    /// <summary>Forgets the steps not reported (never sent, or skipped), putting back the state the planner reads.</summary>
    public void Drop(bool[]? applied)
    {
        if (applied is not null)
        {
            foreach (var entry in _steps)
            {
                applied[entry.Node] = entry.Started.Direction != MigrationDirection.Upgrade;
            }
        }

        _steps.Clear();
        _unannounced = null;
    }

    private sealed record Entry(MigrationStep Started, MigrationStep Completed, int Node, MigrationDefinition Definition, bool Announced);
}
