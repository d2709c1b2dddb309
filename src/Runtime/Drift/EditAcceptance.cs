using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Discovery;
using MigrationChain.Execution;
using MigrationChain.Planning;

namespace MigrationChain.Drift;

/// <summary>
/// <c>AcceptEdits</c>: records, for applied revisions named one by one, the checksum and parents of the code as it
/// is now, so an edit made on purpose stops being reported. Runs no migration and touches no other row; takes the
/// same locks as a Stamp and writes in one transaction.
/// </summary>
internal static class EditAcceptance
{
    /// <summary>What was accepted: the findings those rows had (none when they already matched the code).</summary>
    public static async Task<IReadOnlyList<DriftFinding>> AcceptAsync(
        DatabaseProvider provider,
        MigrationCatalog catalog,
        IReadOnlyList<string> revisionTexts,
        CancellationToken cancellationToken)
    {
        if (revisionTexts.Count == 0)
        {
            throw new ArgumentException("Name at least one revision whose edits to accept, e.g. runner.AcceptEdits(\"0003_audit\").", nameof(revisionTexts));
        }

        // The runtime's resolver: exact ids and unique prefixes, with its messages for near misses.
        var resolver = new TargetResolver(catalog.Graph);
        var definitions = revisionTexts.Select(text => catalog.Definitions[resolver.ResolveRevision(text, text)]).Distinct().ToList();
        foreach (var definition in definitions.Where(d => d.Checksum is null))
        {
            throw new MigrationTargetException(definition.Revision,
                $"'{definition.Revision}' has no checksum in this build: {definition.Type.Assembly.GetName().Name} was built without " +
                "MigrationChain's source generator (reference the MigrationChain.Runtime package's analyzers), so there is no edit to accept.");
        }

        await using var session = await provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var runLock = await SessionLocks.LockAsync(session, session.AcquireRunLockAsync, cancellationToken).ConfigureAwait(false);
        var (transaction, _) = await SessionLocks.LockAsync(session, session.BeginWriteAsync, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var snapshot = await session.ReadAsync(transaction, cancellationToken).ConfigureAwait(false);
            var rows = snapshot.Rows.ToDictionary(r => r.Revision, StringComparer.Ordinal);
            var accepted = new List<DriftFinding>();
            foreach (var definition in definitions)
            {
                if (!rows.TryGetValue(definition.Revision, out var row) || row.State != VersionRowState.Applied)
                {
                    throw new MigrationTargetException(definition.Revision,
                        $"'{definition.Revision}' is not recorded as applied in {provider.Description}" +
                        (row is null ? string.Empty : " (it is marked as interrupted: see RetryInterrupted)") +
                        $", so there is no edit to accept: its current code runs when it is applied (runner.Upgrade(\"{definition.Revision}\")).");
                }

                var parentsDiffer = !DriftInspector.SameParents(row.Parents, definition.Info.Parents);
                var checksumDiffers = !string.Equals(row.Checksum, definition.Checksum, StringComparison.Ordinal);
                if (row.Checksum is not null && checksumDiffers)
                {
                    accepted.Add(DriftInspector.Finding(DriftKind.Edited, row, definition));
                }

                if (parentsDiffer)
                {
                    accepted.Add(DriftInspector.Finding(DriftKind.WrongParents, row, definition));
                }

                // A row from before checksums were recorded (null) gets one too: from now on edits to it are noticed.
                if (parentsDiffer || checksumDiffers)
                {
                    await session.RewriteRowAsync(transaction, row with { Parents = definition.Info.Parents, Checksum = definition.Checksum }, cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return accepted;
        }
    }
}
