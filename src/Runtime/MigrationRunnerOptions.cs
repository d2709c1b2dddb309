using System;

namespace MigrationChain;

/// <summary>How a <see cref="MigrationRunner"/> talks to its database.</summary>
public sealed class MigrationRunnerOptions
{
    /// <summary>The version table's name. Default <c>migration_history</c>.</summary>
    public string VersionTable { get; set; } = "migration_history";

    /// <summary>PostgreSQL: the schema holding the version table; null uses the first schema on <c>search_path</c>.</summary>
    public string? VersionTableSchema { get; set; }

    /// <summary>Back the database up before every run that changes it (SQLite). Default false.</summary>
    public bool Backup { get; set; }

    /// <summary>How long to wait for another runner's lock before failing. Default two minutes.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long one statement may run; null leaves the driver's default (PostgreSQL: 30 s; SQLite: no limit).</summary>
    public TimeSpan? CommandTimeout { get; set; }

    /// <summary>Hears what the runner does (logging, progress).</summary>
    public MigrationListener? Listener { get; set; }

    internal MigrationRunnerOptions Clone() => (MigrationRunnerOptions)MemberwiseClone();
}
