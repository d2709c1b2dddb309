using System;
using System.Globalization;
using System.Threading;
using MigrationChain;

namespace MigrationChain.Tests.HostApp;

/// <summary>
/// Five migrations that each create a table and record their execution in the same transaction, after sleeping
/// <c>HOSTAPP_SLEEP_MS</c> while holding the lock: a migration that ran twice shows up as two rows. The SQL runs on
/// SQLite and PostgreSQL alike.
/// </summary>
public abstract class RecordedMigration : Migration
{
    private static readonly int SleepMs =
        int.TryParse(Environment.GetEnvironmentVariable("HOSTAPP_SLEEP_MS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : 0;

    protected abstract int Number { get; }

    public override void Upgrade(MigrationBuilder m)
    {
        if (Number == 1)
        {
            m.Sql("CREATE TABLE executions (revision TEXT NOT NULL, pid INTEGER NOT NULL)");
        }

        m.Sql($"CREATE TABLE h_{Number:D3} (id INTEGER PRIMARY KEY)");
        using var log = m.CreateCommand($"INSERT INTO executions (revision, pid) VALUES ('h{Number:D3}', {Environment.ProcessId})");
        log.ExecuteNonQuery();
        Thread.Sleep(SleepMs);
    }

    public override void Downgrade(MigrationBuilder m)
    {
        m.Sql($"DROP TABLE h_{Number:D3}");
        if (Number == 1)
        {
            m.Sql("DROP TABLE executions");
        }
    }
}

#pragma warning disable SA1402, CA1812 // five one-line migrations read best together
[Migration("h001")] public sealed class H001 : RecordedMigration { protected override int Number => 1; }
[Migration("h002", Parent = "h001")] public sealed class H002 : RecordedMigration { protected override int Number => 2; }
[Migration("h003", Parent = "h002")] public sealed class H003 : RecordedMigration { protected override int Number => 3; }
[Migration("h004", Parent = "h003")] public sealed class H004 : RecordedMigration { protected override int Number => 4; }
[Migration("h005", Parent = "h004")] public sealed class H005 : RecordedMigration { protected override int Number => 5; }
#pragma warning restore SA1402, CA1812

/// <summary>
/// With <c>HOSTAPP_SLOW=1</c>, a migration that creates a table and then runs a statement for about a minute, for
/// tests that stop the host in the middle of it; otherwise it only creates the table.
/// </summary>
[Migration("h006_slow", Parent = "h005")]
public sealed class H006Slow : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql("CREATE TABLE h_slow (id INTEGER PRIMARY KEY)");
        if (Environment.GetEnvironmentVariable("HOSTAPP_SLOW") != "1")
        {
            return;
        }

        m.Sql(m.Dialect == Sql.SqlDialect.Postgres
            ? "SELECT pg_sleep(60)"
            : "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000000) SELECT max(i) FROM n");
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE h_slow");
}
