using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using MigrationChain.Discovery;
using MigrationChain.Planning;

namespace MigrationChain.Execution;

/// <summary>
/// Writes the SQL an upgrade or downgrade between two revisions would run, bookkeeping included, without a
/// database (Alembic's <c>--sql</c>): each migration runs against an <see cref="OfflineExecutor"/>. The plan is the
/// runner's own: the <c>from</c> revision and its ancestors stand for the database, the <c>to</c> target is resolved
/// as Stamp resolves it, and the steps come from the same planner in the same order.
/// </summary>
internal sealed class MigrationScriptWriter
{
    private readonly MigrationCatalog _catalog;
    private readonly MigrationPlanner _planner;
    private readonly ScriptDialect _dialect;
    private readonly MigrationRunnerOptions _options;

    public MigrationScriptWriter(MigrationCatalog catalog, ScriptDialect dialect, MigrationRunnerOptions options)
    {
        _catalog = catalog;
        _planner = new MigrationPlanner(catalog.Graph);
        _dialect = dialect;
        _options = options;
    }

    private RevisionGraph Graph => _catalog.Graph;

    public string Write(string fromText, string toText)
    {
        var from = Target.Parse(fromText, Graph.Contains);
        var to = Target.Parse(toText, Graph.Contains);
        var start = _planner.StampGoal(from, AppliedState.Read(Graph, VersionTableSnapshot.Missing));
        var startState = AppliedState.Read(Graph, Snapshot(start));
        var goal = _planner.StampGoal(to, startState);

        var apply = _planner.Steps(MigrationOperation.Upgrade, goal, start);
        var remove = Enumerable.Range(0, Graph.Count).Select(n => start[n] && !goal[n]).ToArray();
        var undo = _planner.Steps(MigrationOperation.Downgrade, remove, start);
        if (apply.Count > 0 && undo.Count > 0)
        {
            throw new MigrationTargetException(to.Text,
                $"From '{from.Text}' to '{to.Text}' would undo {Names(undo)} and apply {Names(apply)}; a script goes one way. " +
                "Script it in two parts, through a revision both sides share.");
        }

        var direction = undo.Count > 0 ? MigrationDirection.Downgrade : MigrationDirection.Upgrade;
        var steps = direction == MigrationDirection.Upgrade ? apply : undo;
        if (direction == MigrationDirection.Downgrade)
        {
            RefuseIrreversible(steps);
        }

        var script = new StringBuilder();
        Header(script, from, to, direction, steps);
        if (steps.Count == 0)
        {
            return script.ToString();
        }

        Lines(script, _dialect.Prologue(createVersionTable: direction == MigrationDirection.Upgrade));
        for (var i = 0; i < steps.Count; i++)
        {
            if (WriteStep(script, steps[i], direction) is { } needsLiveConnection)
            {
                StopAt(script, steps, i, direction, needsLiveConnection);
                break;
            }
        }

        script.Append('\n');
        Lines(script, _dialect.Epilogue());
        return script.ToString();
    }

    /// <summary>Writes one migration; or, when it needs a live connection, writes nothing and returns why.</summary>
    private string? WriteStep(StringBuilder script, int node, MigrationDirection direction)
    {
        var definition = _catalog.Definitions[node];
        var executor = new OfflineExecutor(_dialect.Dialect, definition.Transactional);
        try
        {
            StepExecution.RunMigration(definition, direction, executor, CancellationToken.None);
        }
        catch (Exception) when (executor.LiveConnectionReason is not null)
        {
            // Reported by the caller from the reason the executor kept.
        }
        catch (Exception e) when (e is not MigrationChainException)
        {
            throw new MigrationFailedException(definition.Revision, direction, null, e,
                "It threw while its SQL was being written for a script; nothing was run. Fix the migration and script again.");
        }

        if (executor.LiveConnectionReason is { } reason)
        {
            return reason;
        }

        var revision = definition.Revision;
        var parents = definition.Info.Parents;
        var limits = StepLimits.For(definition.Attribute, _options);
        script.Append('\n');
        script.Append(CultureInfo.InvariantCulture, $"-- {(direction == MigrationDirection.Upgrade ? "Upgrade" : "Downgrade")} {revision} ({definition.Type.FullName})\n");
        if (definition.Transactional)
        {
            Line(script, _dialect.BeginTransaction);
            Lines(script, _dialect.Limit(limits, inTransaction: true));
            Lines(script, executor.Statements);
            Line(script, direction == MigrationDirection.Upgrade ? _dialect.RecordApplied(revision, parents, definition.Checksum) : _dialect.Forget(revision));
            Line(script, _dialect.CommitTransaction);
        }
        else
        {
            script.Append("-- Not transactional: if a statement fails, the database stays marked as needing attention (as the runner leaves it).\n");
            Lines(script, _dialect.Limit(limits, inTransaction: false));
            Line(script, _dialect.MarkRunning(revision, parents, definition.Checksum));
            Lines(script, executor.Statements);
            Lines(script, _dialect.UndoLimit(limits));
            Line(script, direction == MigrationDirection.Upgrade ? _dialect.RecordApplied(revision, parents, definition.Checksum) : _dialect.Forget(revision));
        }

        return null;
    }

    private void StopAt(StringBuilder script, List<int> steps, int index, MigrationDirection direction, string reason)
    {
        var definition = _catalog.Definitions[steps[index]];
        var revision = definition.Revision;
        var verb = direction == MigrationDirection.Upgrade ? "Upgrade" : "Downgrade";
        var resume = direction == MigrationDirection.Upgrade
            ? $"Upgrade(\"{revision}\")"
            : $"Downgrade(\"{(definition.Info.Parents.Count > 0 ? definition.Info.Parents[0] : "base")}\")";
        script.Append('\n');
        script.Append(CultureInfo.InvariantCulture, $"-- STOP: {verb} of {revision} ({definition.Type.FullName}) needs a live connection:\n");
        script.Append(CultureInfo.InvariantCulture, $"--   {reason}, so its SQL cannot be written ahead of time.\n");
        script.Append(CultureInfo.InvariantCulture, $"-- The script ends here. Run this step with the runner ({resume}), then script the rest from there.\n");
        script.Append(CultureInfo.InvariantCulture, $"-- Not scripted: {string.Join(", ", steps.Skip(index).Select(Graph.Id))}.\n");
    }

    private void Header(StringBuilder script, Target from, Target to, MigrationDirection direction, List<int> steps)
    {
        script.Append(CultureInfo.InvariantCulture, $"-- MigrationChain {(direction == MigrationDirection.Upgrade ? "upgrade" : "downgrade")} script: {from.Text} -> {to.Text}\n");
        if (steps.Count == 0)
        {
            script.Append("-- Nothing to do: the target is already where the script starts.\n");
            return;
        }

        script.Append(CultureInfo.InvariantCulture, $"-- {steps.Count} migration{(steps.Count == 1 ? string.Empty : "s")}: {Names(steps)}.\n");
        script.Append("-- Each migration and its version-table row commit together, as when the runner applies them.\n");
        script.Append(CultureInfo.InvariantCulture, $"-- {_dialect.HowToRun}\n");
    }

    private void RefuseIrreversible(IEnumerable<int> steps)
    {
        foreach (var node in steps)
        {
            if (!_catalog.Definitions[node].HasDowngrade)
            {
                throw new IrreversibleMigrationException(Graph.Id(node), _catalog.Definitions[node].IrreversibleReason);
            }
        }
    }

    private VersionTableSnapshot Snapshot(bool[] applied) => new(
        true,
        Graph.TopologicalOrder
            .Where(n => applied[n])
            .Select(n => new VersionRow(Graph.Id(n), Graph.Nodes[n].Parents, VersionRowState.Applied, DateTimeOffset.UnixEpoch, TimeSpan.Zero))
            .ToList());

    private string Names(List<int> nodes) => Rules.Names.List(nodes.Select(Graph.Id));

    /// <summary>A statement, closed with a semicolon; a dialect's <c>--</c> comment line goes in as it is.</summary>
    private static void Line(StringBuilder script, string statement) =>
        (statement.StartsWith("--", StringComparison.Ordinal) ? script.Append(statement) : script.Append(statement).Append(';')).Append('\n');

    private static void Lines(StringBuilder script, IEnumerable<string> statements)
    {
        foreach (var statement in statements)
        {
            Line(script, statement);
        }
    }
}
