namespace MigrationChain;

/// <summary>
/// A schema migration. Derive from it, mark the class with <see cref="MigrationAttribute"/>, and write what
/// <see cref="Upgrade"/> does and how <see cref="Downgrade"/> undoes it.
/// </summary>
/// <example>
/// <code>
/// [Migration("0004_asyncpg_fixes", Parent = "0003_audit")]
/// public sealed class AsyncpgFixes : Migration
/// {
///     public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE IF EXISTS embeddings ...");
///     public override void Downgrade(MigrationBuilder m) => m.Sql("...");
/// }
/// </code>
/// </example>
public abstract class Migration
{
    /// <summary>Changes the schema (and data) forward. Runs in one transaction with its version-table row.</summary>
    public abstract void Upgrade(MigrationBuilder m);

    /// <summary>
    /// Undoes <see cref="Upgrade"/>. Not overriding it makes the migration irreversible: a downgrade across it is
    /// refused before anything changes. Mark such classes <see cref="IrreversibleAttribute"/> to say why.
    /// </summary>
    public virtual void Downgrade(MigrationBuilder m) =>
        throw new IrreversibleMigrationException(m.Revision, reason: null);
}
