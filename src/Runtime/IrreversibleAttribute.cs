using System;

namespace MigrationChain;

/// <summary>
/// Marks a migration that has no downgrade on purpose, and says why. A downgrade across it is refused before
/// anything changes; analyzer MC2001 stops asking for a <c>Downgrade</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class IrreversibleAttribute : Attribute
{
    /// <summary>Marks the migration irreversible.</summary>
    /// <param name="reason">Why, for the person who will try to roll back, e.g. "drops data that cannot be restored".</param>
    public IrreversibleAttribute(string reason)
    {
        Reason = reason;
    }

    /// <summary>Why the migration cannot be undone.</summary>
    public string Reason { get; }
}
