using System;
using System.Globalization;
using System.Threading;
using MigrationChain;

namespace Notes.Migrations;

/// <summary>
/// Takes as long as CLI_ASSETS_SLEEP_MS says, so tests can hold the migration lock, or watch a progress bar, while it runs.
/// </summary>
[Migration("0002_add_tags", Parent = "0001_create_notes")]
public sealed class M0002_AddTags : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql("CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        if (int.TryParse(Environment.GetEnvironmentVariable("CLI_ASSETS_SLEEP_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out var sleep))
        {
            Thread.Sleep(sleep);
        }
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS tags");
}
