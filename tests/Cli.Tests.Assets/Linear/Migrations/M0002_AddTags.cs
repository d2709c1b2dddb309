using System;
using System.Globalization;
using System.IO;
using System.Threading;
using MigrationChain;

namespace Notes.Migrations;

/// <summary>
/// Takes as long as CLI_ASSETS_SLEEP_MS says, so tests can watch a progress bar while it runs; or, with
/// CLI_ASSETS_WAIT_FILE, writes that path + ".waiting" once its statement ran (inside its transaction, under the
/// runner's lock) and runs until the file itself exists: a test holds the lock exactly as long as it needs, however
/// slow the machine (bounded at two minutes, so a test that forgets to release never hangs forever).
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

        if (Environment.GetEnvironmentVariable("CLI_ASSETS_WAIT_FILE") is { Length: > 0 } release)
        {
            File.WriteAllText(release + ".waiting", string.Empty);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(release) && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(20);
            }
        }
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS tags");
}
