namespace MigrationChain;

/// <summary>A downgrade would have to undo a migration that has no downgrade. Nothing was changed.</summary>
public sealed class IrreversibleMigrationException : MigrationChainException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="revision">The migration without a downgrade.</param>
    /// <param name="reason">Its <see cref="IrreversibleAttribute"/> reason, if it has one.</param>
    public IrreversibleMigrationException(string revision, string? reason)
        : base(reason is null ? $"'{revision}' has no Downgrade, so it cannot be undone." : $"'{revision}' is irreversible: {reason}.",
            (reason is null ? "Write a Downgrade for it, restore a backup, or " : "Restore a backup, or ") + "Stamp the database to the revision its schema matches.",
            new[] { new Remedy(RemedyKind.Stamp, When: "after restoring a backup or changing the schema by hand, record the revision it matches") },
            null)
    {
        Revision = revision;
        Reason = reason;
    }

    /// <summary>The migration that cannot be undone.</summary>
    public string Revision { get; }

    /// <summary>Why, from its <see cref="IrreversibleAttribute"/>; null when it simply has no Downgrade.</summary>
    public string? Reason { get; }
}
