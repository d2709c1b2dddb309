using System;
using System.Globalization;
using System.Threading;
using MigrationChain;

namespace Logged.Migrations;

/// <summary>A migration that creates its table and logs its revision; the revision comes from its attribute.</summary>
public abstract class LoggedMigration : Migration
{
    protected abstract string Table { get; }

    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql($"CREATE TABLE {Table} (id INTEGER PRIMARY KEY)");
        m.Sql($"INSERT INTO applied_log (revision) VALUES ('{Table}')");
        if (int.TryParse(Environment.GetEnvironmentVariable("LOGGED_PAUSE_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out var pause))
        {
            Thread.Sleep(pause);
        }
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql($"DROP TABLE IF EXISTS {Table}");
}
