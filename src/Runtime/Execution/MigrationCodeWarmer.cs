using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using MigrationChain.Discovery;
using MigrationChain.Planning;

namespace MigrationChain.Execution;

/// <summary>
/// Compiles the pending migrations' code on a background thread ahead of the step loop: each migration class's
/// constructor and its <c>Upgrade</c> or <c>Downgrade</c>, in the order the planner takes the steps.
/// </summary>
/// <remarks>
/// Migration classes are the application's own code, so no ReadyToRun image of ours can hold them: without this,
/// every step waits for the JIT to compile two methods and load a type between the server's answer to one step and
/// the next step's batch, while the server sits idle. Compiled here, that work overlaps the server's work on the
/// steps before. It only compiles (<see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle)"/>): no constructor,
/// static constructor or other code of the migration runs, and a method that cannot be compiled is left for its step
/// to fail on and report, as it does without the warmer. The runtime compiles a method once, so a step that reaches
/// a method the warmer is compiling waits for that compilation instead of doing it again.
/// </remarks>
internal sealed class MigrationCodeWarmer : IDisposable
{
    private readonly IReadOnlyList<MigrationDefinition> _definitions;
    private readonly MigrationPlanner _planner;
    private MigrationOperation _operation;
    private bool[] _goal = Array.Empty<bool>();
    private bool[] _applied = Array.Empty<bool>();
    private bool _asked;
    private volatile bool _stopped;
    private int _compiled;

    /// <summary>A warmer for one run over <paramref name="definitions"/>; it starts nothing until <see cref="StartOnce"/>.</summary>
    public MigrationCodeWarmer(IReadOnlyList<MigrationDefinition> definitions, MigrationPlanner planner)
    {
        _definitions = definitions;
        _planner = planner;
    }

    /// <summary>Migrations whose code this warmer has compiled so far; for tests.</summary>
    internal int Compiled => Volatile.Read(ref _compiled);

    /// <summary>Set when the warmer's thread has finished (stopped or through every step); for tests.</summary>
    internal ManualResetEventSlim Finished { get; } = new(false);

    /// <summary>
    /// On the run's first call, starts compiling the steps of <paramref name="operation"/> from
    /// <paramref name="applied"/> to <paramref name="goal"/> on a thread of its own, and says whether it did: not
    /// for a single step, nor when this process has compiled the next step's code already. Later calls do nothing.
    /// The arrays are copied: the step loop goes on changing its own.
    /// </summary>
    public bool StartOnce(MigrationOperation operation, bool[] goal, bool[] applied)
    {
        if (_asked || operation == MigrationOperation.Stamp)
        {
            return false;
        }

        _asked = true;

        // A second step whose code this process has compiled already: an earlier run of the same chain (a fleet's
        // earlier tenant, a test's earlier database) compiled what this run needs, and a thread would buy nothing.
        var after = (bool[])applied.Clone();
        var second = SecondStep(_planner, operation, goal, after);
        if (second < 0 || _definitions[second].IsCompiled(Direction(operation)))
        {
            return false;
        }

        (_operation, _goal, _applied) = (operation, (bool[])goal.Clone(), after);
        try
        {
            new Thread(Run) { IsBackground = true, Name = "MigrationChain: compiling pending migrations" }.Start();
        }
        catch (OutOfMemoryException)
        {
            // No thread to be had (Thread.Start reports that as out of memory): the steps compile their own code, as
            // they would without the warmer. A head start must never be why a run fails.
            return false;
        }

        return true;
    }

    /// <summary>Stops after the method being compiled; the step loop calls it when it is done, however it ends.</summary>
    public void Dispose() => _stopped = true;

    // The step after the first (-1 when there is none), found without listing them all on the step loop's thread; a
    // run of one step compiles that step's code at once, so a thread would buy nothing. applied is left as it was.
    private static int SecondStep(MigrationPlanner planner, MigrationOperation operation, bool[] goal, bool[] applied)
    {
        var first = planner.Next(operation, goal, applied);
        if (first < 0)
        {
            return -1;
        }

        var wasApplied = applied[first];
        applied[first] = operation == MigrationOperation.Upgrade;
        try
        {
            return planner.Next(operation, goal, applied);
        }
        finally
        {
            applied[first] = wasApplied;
        }
    }

    private static MigrationDirection Direction(MigrationOperation operation) =>
        operation == MigrationOperation.Upgrade ? MigrationDirection.Upgrade : MigrationDirection.Downgrade;

    private void Run()
    {
        try
        {
            var direction = Direction(_operation);

            // The step loop compiles the first step's code itself as soon as it reaches it; starting at the second
            // keeps this thread ahead of it.
            var skipped = false;
            for (var node = _planner.Next(_operation, _goal, _applied); node >= 0 && !_stopped; node = _planner.Next(_operation, _goal, _applied))
            {
                _applied[node] = _operation == MigrationOperation.Upgrade;
                if (!skipped)
                {
                    skipped = true;
                    continue;
                }

                var definition = _definitions[node];
                if (!definition.IsCompiled(direction) && Compile(definition.Type, direction))
                {
                    definition.MarkCompiled(direction);
                    Interlocked.Increment(ref _compiled);
                }
            }
        }
        catch (Exception)
        {
            // Only a head start: whatever went wrong here happens again on the step loop's thread, which reports it.
        }
        finally
        {
            Finished.Set();
        }
    }

    // True when compiled; a method that cannot be compiled fails its own step, with the migration named there.
    private static bool Compile(Type type, MigrationDirection direction)
    {
        if (type.ContainsGenericParameters)
        {
            return false;
        }

        try
        {
            if (type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, null, Type.EmptyTypes, null) is { } constructor)
            {
                RuntimeHelpers.PrepareMethod(constructor.MethodHandle);
            }

            // The override the step calls; a class without one resolves to Migration's own, which is compiled already.
            var name = direction == MigrationDirection.Upgrade ? nameof(Migration.Upgrade) : nameof(Migration.Downgrade);
            if (type.GetMethod(name, new[] { typeof(MigrationBuilder) }) is { IsAbstract: false } method)
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }

            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
