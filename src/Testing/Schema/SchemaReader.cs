using System.Threading;
using System.Threading.Tasks;

namespace MigrationChain.Testing.Schema;

/// <summary>
/// Reads a database's schema from its own catalog, leaving out the version table the runner keeps: the one
/// thing each provider must supply for the assertions to compare schemas.
/// </summary>
internal abstract class SchemaReader
{
    /// <summary>The database for messages, without secrets (a file path, or host and database).</summary>
    public abstract string Description { get; }

    public abstract Task<SchemaSnapshot> ReadAsync(CancellationToken cancellationToken);
}
