using System.Collections.Generic;
using MigrationChain.Rules;

namespace MigrationChain;

/// <summary>
/// A run in <see cref="MigrationTransactionMode.OneTransaction"/> would have to take a migration that cannot run in a
/// transaction, so it could not be all or nothing. Nothing was changed.
/// </summary>
public sealed class SingleTransactionRefusedException : MigrationChainException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="revisions">The non-transactional migrations the run would take, in order.</param>
    public SingleTransactionRefusedException(IReadOnlyList<string> revisions)
        : base(
            $"TransactionMode = OneTransaction runs every migration in one transaction, but {Names.List(revisions)} " +
            $"{(revisions.Count == 1 ? "is" : "are")} not transactional ([Migration(Transactional = false)]). Nothing was changed. " +
            "Run with TransactionMode = PerMigration, or split the run at them: move to the revision just before the first of " +
            "them in one transaction, then take the rest one migration at a time.")
    {
        Revisions = revisions;
    }

    /// <summary>The pending non-transactional migrations that made the run impossible in one transaction.</summary>
    public IReadOnlyList<string> Revisions { get; }
}
