#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>Chains that only make sense on PostgreSQL: timeouts, advisory locks, CREATE INDEX CONCURRENTLY.</summary>
public static class PostgresChains
{
    public static class StatementTimeoutOnTheMigration
    {
        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id INTEGER)");
        }

        [Migration("0002_slow", Parent = "0001_t", StatementTimeoutSeconds = 1)]
        public sealed class Slow : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE half_done (id INTEGER); SELECT pg_sleep(5)");
        }
    }

    /// <summary>With a runner-wide limit of 1 s: 0001 opts out with 0, 0002 inherits it.</summary>
    public static class StatementTimeoutFromTheRunner
    {
        [Migration("0001_opts_out", StatementTimeoutSeconds = 0)]
        public sealed class OptsOut : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT pg_sleep(1.5)");
        }

        [Migration("0002_inherits", Parent = "0001_opts_out")]
        public sealed class Inherits : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT pg_sleep(1.5)");
        }
    }

    public static class LockTimeout
    {
        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id INTEGER)");
        }

        [Migration("0002_alter", Parent = "0001_t", LockTimeoutSeconds = 1)]
        public sealed class Alter : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE t ADD COLUMN x INTEGER");
        }
    }

    /// <summary>0001 sets a 1 s limit outside a transaction; 0002, unlimited, must not inherit it.</summary>
    public static class LimitOutsideATransaction
    {
        [Migration("0001_quick", Transactional = false, StatementTimeoutSeconds = 1)]
        public sealed class Quick : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE IF NOT EXISTS quick (id INTEGER)");
        }

        [Migration("0002_slower", Parent = "0001_quick")]
        public sealed class Slower : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT pg_sleep(1.5)");
        }
    }

    /// <summary>A data migration's own command runs into the statement timeout.</summary>
    public static class DataCommandTimesOut
    {
        [Migration("0001_data", StatementTimeoutSeconds = 1)]
        public sealed class Data : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                using var command = m.CreateCommand("SELECT pg_sleep(5)");
                command.ExecuteNonQuery();
            }
        }
    }

    /// <summary>The same, outside a transaction: the limit is a session setting, reset after the failure.</summary>
    public static class DataCommandTimesOutOutsideATransaction
    {
        [Migration("0001_data_outside", Transactional = false, StatementTimeoutSeconds = 1)]
        public sealed class DataOutside : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                using var command = m.CreateCommand("SELECT pg_sleep(5)");
                command.ExecuteNonQuery();
            }
        }
    }

    /// <summary>A data migration's own command runs until cancelled.</summary>
    public static class DataCommandRunsLong
    {
        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id INTEGER)");
        }

        [Migration("0002_long_data", Parent = "0001_t")]
        public sealed class LongData : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE long_marker (id INTEGER)");
                using var command = m.CreateCommand("SELECT pg_sleep(60)");
                command.ExecuteNonQuery();
            }
        }
    }

    /// <summary>
    /// A data migration whose run is cancelled just before it creates its own command (the test's source is
    /// <see cref="CancelledBeforeOwnCommand.Cancel"/>): the session relays the cancellation while nothing runs on the
    /// server, so only a check before the command is handed out stops the 60 s statement.
    /// </summary>
    public static class CancelledBeforeOwnCommand
    {
        public static CancellationTokenSource Cancel { get; set; } = new();

        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id INTEGER)");
        }

        [Migration("0002_long_data", Parent = "0001_t")]
        public sealed class LongData : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE long_marker (id INTEGER)");
                Cancel.Cancel();
                using var command = m.CreateCommand("SELECT pg_sleep(60)");
                command.ExecuteNonQuery();
            }
        }
    }

    /// <summary>An index built CONCURRENTLY between two transactional migrations.</summary>
    public static class ConcurrentIndex
    {
        [Migration("0001_items")]
        public sealed class Items : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE items (id INTEGER); INSERT INTO items SELECT generate_series(1, 1000)");
        }

        [Migration("0002_index", Parent = "0001_items", Transactional = false)]
        public sealed class Index : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT pg_sleep(1); CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_items_id ON items (id)");
        }

        [Migration("0003_after", Parent = "0002_index")]
        public sealed class After : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE after_index (id INTEGER)");
        }
    }

    /// <summary>CREATE INDEX CONCURRENTLY in a migration that forgot Transactional = false.</summary>
    public static class ConcurrentIndexInATransaction
    {
        [Migration("0001_items")]
        public sealed class Items : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE items (id INTEGER); CREATE INDEX CONCURRENTLY ix_items_id ON items (id)");
        }
    }

    /// <summary>Records, from inside a migration, which sessions hold advisory locks and in what state.</summary>
    public static class ObservesTheLock
    {
        [Migration("0001_observe")]
        public sealed class Observe : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("""
                CREATE TABLE observed AS
                SELECT l.classid::bigint AS classid, l.objid::bigint AS objid, l.pid <> pg_backend_pid() AS other_connection, a.state
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted
                """);
        }
    }

    /// <summary>A non-transactional migration that takes two seconds.</summary>
    public static class SlowNonTransactional
    {
        [Migration("0001_slow_outside", Transactional = false)]
        public sealed class SlowOutside : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE IF NOT EXISTS outside (id INTEGER); SELECT pg_sleep(2)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS outside");
        }

        [Migration("0002_after", Parent = "0001_slow_outside")]
        public sealed class After : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE after_outside (id INTEGER)");
        }
    }
}
