using System;

namespace MigrationChain;

/// <summary>Declares a class as the migration for one revision and names where it sits in the chain.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>[Migration("0004_x", Parent = "0003_y")]</c>: follows 0003_y.</item>
/// <item><c>[Migration("0001_init")]</c>: a root (only one unlabelled root per chain).</item>
/// <item><c>[Migration("0010_merge", Parents = new[] { "0008_a", "0009_b" })]</c>: a merge of two heads.</item>
/// <item><c>[Migration("p001_plugin", Branch = "plugins")]</c>: starts a deliberate independent or parallel branch.</item>
/// <item><c>[Migration("0012_x", Parent = "0011", DependsOn = new[] { "p003_plugin" })]</c>: ordering without merging.</item>
/// </list>
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MigrationAttribute : Attribute
{
    /// <summary>Declares the migration for <paramref name="revision"/>.</summary>
    /// <param name="revision">A unique id of ASCII letters, digits, '_', '-' and '.', e.g. <c>0004_asyncpg_fixes</c>.</param>
    public MigrationAttribute(string revision)
    {
        Revision = revision;
    }

    /// <summary>The revision id recorded in the version table.</summary>
    public string Revision { get; }

    /// <summary>The revision this one follows. Omit it only on the first migration of a chain.</summary>
    public string? Parent { get; set; }

    /// <summary>For a merge revision: the two or more heads it joins. Do not combine with <see cref="Parent"/>.</summary>
    public string[]? Parents { get; set; }

    /// <summary>
    /// A branch label. On a root it declares a deliberate independent chain; on the first revision of a fork a
    /// deliberate parallel branch (expand/contract). Heads on distinct labels are intended and all upgraded by
    /// <c>UpgradeHead()</c>; <c>Upgrade("label@head")</c> upgrades one.
    /// </summary>
    public string? Branch { get; set; }

    /// <summary>Revisions that must be applied before this one, without merging their branch into this chain.</summary>
    public string[]? DependsOn { get; set; }

    /// <summary>
    /// False for a migration that cannot run inside a transaction (PostgreSQL's <c>CREATE INDEX CONCURRENTLY</c>,
    /// SQLite's <c>VACUUM</c>). Its version row is written after it finishes; if it fails or the process dies inside
    /// it, the database is marked as needing attention and the next run says what to do.
    /// </summary>
    public bool Transactional { get; set; } = true;

    /// <summary>
    /// PostgreSQL's <c>statement_timeout</c> for this migration's statements, in seconds: a statement running longer
    /// is stopped and the migration fails with a <see cref="MigrationFailedException"/> that says it timed out (a
    /// transactional migration is rolled back). <c>-1</c> (the default) uses
    /// <see cref="MigrationRunnerOptions.StatementTimeout"/>, and the server's setting when that is null too;
    /// <c>0</c> means no limit, whatever the runner default. SQLite has no statement timeout and ignores it.
    /// </summary>
    public int StatementTimeoutSeconds { get; set; } = -1;

    /// <summary>
    /// PostgreSQL's <c>lock_timeout</c> for this migration's statements, in seconds: how long one statement may wait
    /// for a table or row lock another session holds (an <c>ALTER TABLE</c> behind a long transaction) before the
    /// migration fails with an error that says so, instead of queueing every later query behind it. <c>-1</c> (the
    /// default) uses <see cref="MigrationRunnerOptions.StatementLockTimeout"/>, then the server's setting; <c>0</c>
    /// means no limit. Not to be confused with <see cref="MigrationRunnerOptions.LockTimeout"/>, the wait for
    /// another runner. SQLite ignores it.
    /// </summary>
    public int LockTimeoutSeconds { get; set; } = -1;
}
