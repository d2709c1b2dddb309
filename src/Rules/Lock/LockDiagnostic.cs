namespace MigrationChain.Lock;

/// <summary>One way a lock file disagrees with the chain a build contains (MC4001-MC4003).</summary>
/// <param name="Id">The rule id (see <see cref="RuleIds"/>).</param>
/// <param name="Revision">The revision concerned, or null when the finding is about the file as a whole.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="LockLine">
/// The one-based lock file line to point at, or 0 to point at the migration's source (or the file as a whole when
/// <paramref name="Revision"/> is null).
/// </param>
internal sealed record LockDiagnostic(string Id, string? Revision, string Message, int LockLine)
{
    /// <summary>True when the place to fix it is the migration's source rather than the lock file.</summary>
    public bool PointsAtMigration => Revision is not null && LockLine == 0;
}
