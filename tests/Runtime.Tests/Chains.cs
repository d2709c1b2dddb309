using System.Threading;
using MigrationChain;
using MigrationChain.Sql;

#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario

namespace MigrationChain.Runtime.Tests;

/// <summary>Test chains: each nested class of a container is one migration; a container is one chain.</summary>
public static class Chains
{
    public static class Linear
    {
        [Migration("0001_users")]
        public sealed class Users : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE users");
        }

        [Migration("0002_orders", Parent = "0001_users")]
        public sealed class Orders : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id))");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE orders");
        }

        [Migration("0003_user_email", Parent = "0002_orders")]
        public sealed class UserEmail : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE users ADD COLUMN email TEXT");

            public override void Downgrade(MigrationBuilder m) => m.Sql("ALTER TABLE users DROP COLUMN email");
        }

        [Migration("0004_orders_index", Parent = "0003_user_email")]
        public sealed class OrdersIndex : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE INDEX ix_orders_user ON orders (user_id)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP INDEX ix_orders_user");
        }
    }

    /// <summary>0003 creates a table, then fails in its second statement: the table must not survive.</summary>
    public static class FailsInTheMiddle
    {
        [Migration("0001_a")]
        public sealed class A : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE a");
        }

        [Migration("0002_b", Parent = "0001_a")]
        public sealed class B : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE b (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE b");
        }

        [Migration("0003_broken", Parent = "0002_b")]
        public sealed class Broken : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("""
                CREATE TABLE c (id INTEGER PRIMARY KEY);
                INSERT INTO no_such_table VALUES (1);
                CREATE TABLE d (id INTEGER PRIMARY KEY);
                """);

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE c; DROP TABLE d");
        }

        [Migration("0004_after", Parent = "0003_broken")]
        public sealed class After : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE e (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE e");
        }
    }

    /// <summary>
    /// A main line, a labelled independent chain (plugins), a labelled fork (expand) and a DependsOn across them:
    /// main 0001 -> 0002 -> 0003 (depends on p002); plugins p001 -> p002 -> p003; expand e001 (from 0002).
    /// </summary>
    public static class Branched
    {
        [Migration("0001_core")]
        public sealed class Core : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE core (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE core");
        }

        [Migration("0002_core_name", Parent = "0001_core")]
        public sealed class CoreName : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE core ADD COLUMN name TEXT");

            public override void Downgrade(MigrationBuilder m) => m.Sql("ALTER TABLE core DROP COLUMN name");
        }

        [Migration("0003_core_plugin_link", Parent = "0002_core_name", DependsOn = new[] { "p002_plugin_settings" })]
        public sealed class CorePluginLink : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE core_plugin (core_id INTEGER, plugin_id INTEGER REFERENCES plugin (id))");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE core_plugin");
        }

        [Migration("p001_plugin", Branch = "plugins")]
        public sealed class Plugin : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE plugin (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE plugin");
        }

        [Migration("p002_plugin_settings", Parent = "p001_plugin")]
        public sealed class PluginSettings : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE plugin_settings (plugin_id INTEGER)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE plugin_settings");
        }

        [Migration("p003_plugin_audit", Parent = "p002_plugin_settings")]
        public sealed class PluginAudit : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE plugin_audit (plugin_id INTEGER)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE plugin_audit");
        }

        [Migration("e001_expand_core", Parent = "0002_core_name", Branch = "expand")]
        public sealed class ExpandCore : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE core ADD COLUMN display_name TEXT");

            public override void Downgrade(MigrationBuilder m) => m.Sql("ALTER TABLE core DROP COLUMN display_name");
        }
    }

    /// <summary>Two parallel heads joined by a merge: 0001 -> 0002a, 0002b -> 0003_merge -> 0004.</summary>
    public static class Merged
    {
        [Migration("0001_base")]
        public sealed class Base : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE base (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE base");
        }

        [Migration("0002a_left", Parent = "0001_base")]
        public sealed class Left : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE left_side (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE left_side");
        }

        [Migration("0002b_right", Parent = "0001_base")]
        public sealed class Right : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE right_side (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE right_side");
        }

        [Migration("0003_merge", Parents = new[] { "0002a_left", "0002b_right" })]
        public sealed class Merge : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
            }

            public override void Downgrade(MigrationBuilder m)
            {
            }
        }

        [Migration("0004_after_merge", Parent = "0003_merge")]
        public sealed class AfterMerge : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE after_merge (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE after_merge");
        }
    }

    /// <summary>0002 has no Downgrade at all; 0003 is marked irreversible with a reason.</summary>
    public static class Irreversible
    {
        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id INTEGER PRIMARY KEY, legacy TEXT)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t");
        }

        [Migration("0002_no_downgrade", Parent = "0001_t")]
        public sealed class NoDowngrade : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE u (id INTEGER PRIMARY KEY)");
        }

        [IrreversibleAttribute("drops data that cannot be restored")]
        [Migration("0003_drop_legacy", Parent = "0002_no_downgrade")]
        public sealed class DropLegacy : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE t DROP COLUMN legacy");
        }
    }

    /// <summary>0002 cannot run in a transaction; it fails while a table named fail_switch exists.</summary>
    public static class NonTransactional
    {
        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t");
        }

        [Migration("0002_vacuum", Parent = "0001_t", Transactional = false)]
        public sealed class Vacuum : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE IF NOT EXISTS vacuumed (at TEXT)");
                if (m.TableExists("fail_switch"))
                {
                    m.Sql("INSERT INTO no_such_table VALUES (1)");
                }

                m.Sql("VACUUM");
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS vacuumed");
        }

        [Migration("0003_after", Parent = "0002_vacuum")]
        public sealed class After : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE after_vacuum (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE after_vacuum");
        }
    }

    /// <summary>0002 cannot run in a transaction and asks the database nothing, so it can be scripted.</summary>
    public static class Vacuums
    {
        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t");
        }

        [Migration("0002_vacuum", Parent = "0001_t", Transactional = false)]
        public sealed class Vacuum : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("VACUUM");

            public override void Downgrade(MigrationBuilder m)
            {
            }
        }
    }

    /// <summary>A migration that tries to manage its own transaction.</summary>
    public static class OwnTransaction
    {
        [Migration("0001_commits")]
        public sealed class Commits : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE x (id INTEGER); COMMIT; CREATE TABLE y (id INTEGER)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE x");
        }
    }

    /// <summary>A chain broken in the way of the incident: 0004 lost its parent.</summary>
    public static class TwoRoots
    {
        [Migration("0001_a")]
        public sealed class A : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id INTEGER)");
        }

        [Migration("0002_b", Parent = "0001_a")]
        public sealed class B : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE b (id INTEGER)");
        }

        [Migration("0004_embeddings")]
        public sealed class Embeddings : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE embeddings ADD COLUMN vec BLOB");
        }

        [Migration("0005_orphan", Parent = "0003_missing")]
        public sealed class Orphan : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT 1");
        }
    }

    /// <summary>A migration that runs until cancelled: a minute's sleep on PostgreSQL, a recursive count to a billion on SQLite.</summary>
    public static class Slow
    {
        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t");
        }

        [Migration("0002_slow", Parent = "0001_t")]
        public sealed class SlowQuery : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql(m.Dialect == SqlDialect.Postgres
                ? "CREATE TABLE slow_marker (id INTEGER); SELECT pg_sleep(60)"
                : """
                  CREATE TABLE slow_marker (id INTEGER);
                  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000)
                  INSERT INTO slow_marker SELECT max(i) FROM n;
                  """);

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE slow_marker");
        }
    }

    /// <summary>0002 asks the database whether a table exists before deciding what to run: it cannot be scripted offline.</summary>
    public static class AsksTheDatabase
    {
        [Migration("0001_a")]
        public sealed class A : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE a");
        }

        [Migration("0002_guarded", Parent = "0001_a")]
        public sealed class Guarded : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE before_guard (id INTEGER)");
                if (!m.TableExists("legacy"))
                {
                    m.Sql("CREATE TABLE legacy (id INTEGER)");
                }
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS legacy; DROP TABLE before_guard");
        }

        [Migration("0003_c", Parent = "0002_guarded")]
        public sealed class C : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE c (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE c");
        }
    }

    /// <summary>0002 copies rows with its own command on the builder's connection: it cannot be scripted offline.</summary>
    public static class CopiesRows
    {
        [Migration("0001_source")]
        public sealed class Source : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE source (id INTEGER PRIMARY KEY); INSERT INTO source VALUES (1), (2)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE source");
        }

        [Migration("0002_copy", Parent = "0001_source")]
        public sealed class Copy : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE target (id INTEGER PRIMARY KEY)");
                using var command = m.CreateCommand("INSERT INTO target SELECT id FROM source");
                command.ExecuteNonQuery();
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE target");
        }
    }

    /// <summary>Migrations whose code (not SQL) throws.</summary>
    public static class CodeThrows
    {
        [Migration("0001_throws")]
        public sealed class Throws : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE half (id INTEGER)");
                throw new InvalidOperationException("the data looked wrong");
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE half");
        }
    }
}
