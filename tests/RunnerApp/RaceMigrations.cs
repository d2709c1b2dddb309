using System;
using System.Globalization;
using System.Threading;
using MigrationChain;
using MigrationChain.Sql;

namespace MigrationChain.Tests.RunnerApp;

/// <summary>
/// Thirty migrations (the "race" branch) that each create a table and log their execution in the same transaction,
/// then sleep <c>RUNNERAPP_SLEEP_MS</c> inside it (on PostgreSQL with pg_sleep, so the server is busy too): a
/// migration that ran twice shows up as two log rows, and one cut short leaves neither table nor row.
/// </summary>
public abstract class LoggedMigration : Migration
{
    private static readonly int SleepMs =
        int.TryParse(Environment.GetEnvironmentVariable("RUNNERAPP_SLEEP_MS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : 20;

    protected abstract int Number { get; }

    public override void Upgrade(MigrationBuilder m)
    {
        if (Number == 1)
        {
            m.Sql("CREATE TABLE executions (revision TEXT NOT NULL, pid INTEGER NOT NULL)");
        }

        m.Sql($"CREATE TABLE t_{Number:D3} (id INTEGER PRIMARY KEY)");
        using var log = m.CreateCommand($"INSERT INTO executions (revision, pid) VALUES ('r{Number:D3}', {Environment.ProcessId})");
        log.ExecuteNonQuery();
        if (m.Dialect == SqlDialect.Postgres)
        {
            m.Sql($"SELECT pg_sleep({(SleepMs / 1000.0).ToString(CultureInfo.InvariantCulture)})");
        }
        else
        {
            Thread.Sleep(SleepMs);
        }
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql($"DROP TABLE t_{Number:D3}");
}

#pragma warning disable SA1402, CA1812 // thirty one-line migrations read best together
[Migration("r001", Branch = "race")] public sealed class R001 : LoggedMigration { protected override int Number => 1; }
[Migration("r002", Parent = "r001")] public sealed class R002 : LoggedMigration { protected override int Number => 2; }
[Migration("r003", Parent = "r002")] public sealed class R003 : LoggedMigration { protected override int Number => 3; }
[Migration("r004", Parent = "r003")] public sealed class R004 : LoggedMigration { protected override int Number => 4; }
[Migration("r005", Parent = "r004")] public sealed class R005 : LoggedMigration { protected override int Number => 5; }
[Migration("r006", Parent = "r005")] public sealed class R006 : LoggedMigration { protected override int Number => 6; }
[Migration("r007", Parent = "r006")] public sealed class R007 : LoggedMigration { protected override int Number => 7; }
[Migration("r008", Parent = "r007")] public sealed class R008 : LoggedMigration { protected override int Number => 8; }
[Migration("r009", Parent = "r008")] public sealed class R009 : LoggedMigration { protected override int Number => 9; }
[Migration("r010", Parent = "r009")] public sealed class R010 : LoggedMigration { protected override int Number => 10; }
[Migration("r011", Parent = "r010")] public sealed class R011 : LoggedMigration { protected override int Number => 11; }
[Migration("r012", Parent = "r011")] public sealed class R012 : LoggedMigration { protected override int Number => 12; }
[Migration("r013", Parent = "r012")] public sealed class R013 : LoggedMigration { protected override int Number => 13; }
[Migration("r014", Parent = "r013")] public sealed class R014 : LoggedMigration { protected override int Number => 14; }
[Migration("r015", Parent = "r014")] public sealed class R015 : LoggedMigration { protected override int Number => 15; }
[Migration("r016", Parent = "r015")] public sealed class R016 : LoggedMigration { protected override int Number => 16; }
[Migration("r017", Parent = "r016")] public sealed class R017 : LoggedMigration { protected override int Number => 17; }
[Migration("r018", Parent = "r017")] public sealed class R018 : LoggedMigration { protected override int Number => 18; }
[Migration("r019", Parent = "r018")] public sealed class R019 : LoggedMigration { protected override int Number => 19; }
[Migration("r020", Parent = "r019")] public sealed class R020 : LoggedMigration { protected override int Number => 20; }
[Migration("r021", Parent = "r020")] public sealed class R021 : LoggedMigration { protected override int Number => 21; }
[Migration("r022", Parent = "r021")] public sealed class R022 : LoggedMigration { protected override int Number => 22; }
[Migration("r023", Parent = "r022")] public sealed class R023 : LoggedMigration { protected override int Number => 23; }
[Migration("r024", Parent = "r023")] public sealed class R024 : LoggedMigration { protected override int Number => 24; }
[Migration("r025", Parent = "r024")] public sealed class R025 : LoggedMigration { protected override int Number => 25; }
[Migration("r026", Parent = "r025")] public sealed class R026 : LoggedMigration { protected override int Number => 26; }
[Migration("r027", Parent = "r026")] public sealed class R027 : LoggedMigration { protected override int Number => 27; }
[Migration("r028", Parent = "r027")] public sealed class R028 : LoggedMigration { protected override int Number => 28; }
[Migration("r029", Parent = "r028")] public sealed class R029 : LoggedMigration { protected override int Number => 29; }
[Migration("r030", Parent = "r029")] public sealed class R030 : LoggedMigration { protected override int Number => 30; }
#pragma warning restore SA1402, CA1812

/// <summary>
/// The "nontx" branch: a PostgreSQL non-transactional migration that sleeps <c>RUNNERAPP_NONTX_SLEEP_MS</c> before
/// building an index CONCURRENTLY, so a test can kill the process inside it.
/// </summary>
[Migration("n001_concurrent_index", Branch = "nontx", Transactional = false)]
public sealed class N001ConcurrentIndex : Migration
{
    private static readonly int SleepMs =
        int.TryParse(Environment.GetEnvironmentVariable("RUNNERAPP_NONTX_SLEEP_MS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : 3000;

    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql("CREATE TABLE IF NOT EXISTS nontx_items (id INTEGER)");
        m.Sql($"SELECT pg_sleep({(SleepMs / 1000.0).ToString(CultureInfo.InvariantCulture)})");
        m.Sql("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_nontx_items_id ON nontx_items (id)");
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS nontx_items");
}
