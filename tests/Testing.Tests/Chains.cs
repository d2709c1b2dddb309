using MigrationChain;

#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario

namespace MigrationChain.Testing.Tests;

/// <summary>
/// Test chains: each nested class of a container is one migration; a container is one chain. The SQL runs on
/// SQLite and PostgreSQL alike, except where <see cref="MigrationBuilder.Dialect"/> picks (SQLite cannot add a
/// constraint to a table without rebuilding it).
/// </summary>
public static class Chains
{
    /// <summary>A sound chain that walks every shape: a fork joined by a merge, an independent labelled chain
    /// that the main line DependsOn, a labelled expand branch left as its own head, a table rebuild, an
    /// irreversible data migration.</summary>
    public static class Sound
    {
        [Migration("0001_items")]
        public sealed class Items : CreateItems;

        [Migration("0002a_name_index", Parent = "0001_items")]
        public sealed class NameIndex : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE INDEX ix_items_name ON items (name)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP INDEX ix_items_name");
        }

        [Migration("0002b_price", Parent = "0001_items")]
        public sealed class Price : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE items ADD COLUMN price NUMERIC(10, 2) NULL");

            public override void Downgrade(MigrationBuilder m) => m.Sql("ALTER TABLE items DROP COLUMN price");
        }

        [Migration("0003_merge", Parents = new[] { "0002a_name_index", "0002b_price" }, DependsOn = new[] { "p001_plugins" })]
        public sealed class Merge : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("""
                CREATE TABLE item_plugins (item_id INTEGER NOT NULL REFERENCES items (id), plugin_id INTEGER NOT NULL REFERENCES plugins (id));
                CREATE VIEW priced_items AS SELECT id, name, price FROM items WHERE price IS NOT NULL;
                """);

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP VIEW priced_items; DROP TABLE item_plugins;");
        }

        [Migration("0004_qty_check", Parent = "0003_merge")]
        public sealed class QtyCheck : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                if (m.Dialect == Sql.SqlDialect.Postgres)
                {
                    m.Sql("ALTER TABLE items ADD CONSTRAINT ck_items_qty CHECK (qty >= 0)");
                    return;
                }

                // SQLite's documented rebuild; the view and the foreign key that name the table survive the rename.
                m.Sql("""
                    CREATE TABLE items_new (
                        id    INTEGER PRIMARY KEY,
                        name  TEXT    NOT NULL,
                        qty   INTEGER NOT NULL DEFAULT 0,
                        price NUMERIC(10, 2) NULL,
                        CONSTRAINT ck_items_qty CHECK (qty >= 0)
                    );
                    INSERT INTO items_new (id, name, qty, price) SELECT id, name, qty, price FROM items;
                    DROP VIEW priced_items;
                    DROP TABLE items;
                    ALTER TABLE items_new RENAME TO items;
                    CREATE INDEX ix_items_name ON items (name);
                    CREATE VIEW priced_items AS SELECT id, name, price FROM items WHERE price IS NOT NULL;
                    """);
            }

            public override void Downgrade(MigrationBuilder m)
            {
                if (m.Dialect == Sql.SqlDialect.Postgres)
                {
                    m.Sql("ALTER TABLE items DROP CONSTRAINT ck_items_qty");
                    return;
                }

                m.Sql("""
                    CREATE TABLE items_old (
                        id    INTEGER PRIMARY KEY,
                        name  TEXT    NOT NULL,
                        qty   INTEGER NOT NULL DEFAULT 0,
                        price NUMERIC(10, 2) NULL
                    );
                    INSERT INTO items_old (id, name, qty, price) SELECT id, name, qty, price FROM items;
                    DROP VIEW priced_items;
                    DROP TABLE items;
                    ALTER TABLE items_old RENAME TO items;
                    CREATE INDEX ix_items_name ON items (name);
                    CREATE VIEW priced_items AS SELECT id, name, price FROM items WHERE price IS NOT NULL;
                    """);
            }
        }

        [Migration("0005_seed", Parent = "0004_qty_check")]
        [Irreversible("the seeded rows may have been edited by users since")]
        public sealed class Seed : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("INSERT INTO items (id, name, qty) VALUES (100, 'welcome', 1)");
        }

        [Migration("0006_notes", Parent = "0005_seed")]
        public sealed class Notes : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE notes");
        }

        [Migration("p001_plugins", Branch = "plugins")]
        public sealed class Plugins : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE plugins (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE plugins");
        }

        [Migration("p002_plugin_index", Parent = "p001_plugins")]
        public sealed class PluginIndex : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE UNIQUE INDEX ux_plugins_name ON plugins (name)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP INDEX ux_plugins_name");
        }

        [Migration("e001_expand_items", Parent = "0003_merge", Branch = "expand")]
        public sealed class ExpandItems : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE items ADD COLUMN display_name TEXT NULL");

            public override void Downgrade(MigrationBuilder m) => m.Sql("ALTER TABLE items DROP COLUMN display_name");
        }
    }

    /// <summary>0002's downgrade drops the table it made but forgets the index (its upgrade used IF NOT EXISTS, so a re-upgrade would not notice).</summary>
    public static class IndexLeftBehind
    {
        [Migration("0001_items")]
        public sealed class Items : CreateItems;

        [Migration("0002_tags_and_name_index", Parent = "0001_items")]
        public sealed class TagsAndNameIndex : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("""
                CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_items_name ON items (name);
                """);

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE tags");
        }

        [Migration("0003_after", Parent = "0002_tags_and_name_index")]
        public sealed class After : CreateAfter;
    }

    /// <summary>0002's downgrade forgets the column its upgrade added.</summary>
    public static class ColumnLeftBehind
    {
        [Migration("0001_items")]
        public sealed class Items : CreateItems;

        [Migration("0002_price", Parent = "0001_items")]
        public sealed class Price : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE items ADD COLUMN price NUMERIC(10, 2) NULL");

            public override void Downgrade(MigrationBuilder m)
            {
            }
        }

        [Migration("0003_after", Parent = "0002_price")]
        public sealed class After : CreateAfter;
    }

    /// <summary>0002's downgrade keeps the CHECK its upgrade added (on SQLite: rebuilds the table and copies the CHECK along).</summary>
    public static class ConstraintLeftBehind
    {
        [Migration("0001_items")]
        public sealed class Items : CreateItems;

        [Migration("0002_sku_and_qty_check", Parent = "0001_items")]
        public sealed class SkuAndQtyCheck : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql(m.Dialect == Sql.SqlDialect.Postgres
                ? "ALTER TABLE items ADD COLUMN sku TEXT NULL; ALTER TABLE items ADD CONSTRAINT ck_items_qty CHECK (qty >= 0);"
                : Rebuild("sku TEXT NULL,", "CONSTRAINT ck_items_qty CHECK (qty >= 0)"));

            public override void Downgrade(MigrationBuilder m) => m.Sql(m.Dialect == Sql.SqlDialect.Postgres
                ? "ALTER TABLE items DROP COLUMN sku;"
                : Rebuild(string.Empty, "CONSTRAINT ck_items_qty CHECK (qty >= 0)"));

            private static string Rebuild(string extraColumn, string check) => $"""
                CREATE TABLE items_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL DEFAULT 0, {extraColumn} {check});
                INSERT INTO items_new (id, name, qty) SELECT id, name, qty FROM items;
                DROP TABLE items;
                ALTER TABLE items_new RENAME TO items;
                """;
        }

        [Migration("0003_after", Parent = "0002_sku_and_qty_check")]
        public sealed class After : CreateAfter;
    }

    /// <summary>0002's downgrade forgets the view its upgrade created.</summary>
    public static class ViewLeftBehind
    {
        [Migration("0001_items")]
        public sealed class Items : CreateItems;

        [Migration("0002_stock_view", Parent = "0001_items")]
        public sealed class StockView : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE VIEW in_stock AS SELECT id, name FROM items WHERE qty > 0");

            public override void Downgrade(MigrationBuilder m)
            {
            }
        }

        [Migration("0003_after", Parent = "0002_stock_view")]
        public sealed class After : CreateAfter;
    }

    /// <summary>0003's upgrade fails outright; 0001 and 0002 are sound.</summary>
    public static class UpgradeFails
    {
        [Migration("0001_items")]
        public sealed class Items : CreateItems;

        [Migration("0002_after", Parent = "0001_items")]
        public sealed class After : CreateAfter;

        [Migration("0003_broken", Parent = "0002_after")]
        public sealed class Broken : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("INSERT INTO no_such_table (id) VALUES (1)");

            public override void Downgrade(MigrationBuilder m)
            {
            }
        }

        [Migration("0004_never", Parent = "0003_broken")]
        public sealed class Never : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE never (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE never");
        }
    }

    /// <summary>0002's downgrade leaves its seed row; the schema is restored but upgrading again collides with the row.</summary>
    public static class DataLeftBehind
    {
        [Migration("0001_items")]
        public sealed class Items : CreateItems;

        [Migration("0002_seed_first_item", Parent = "0001_items")]
        public sealed class SeedFirstItem : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("INSERT INTO items (id, name) VALUES (1, 'first')");

            public override void Downgrade(MigrationBuilder m)
            {
            }
        }
    }

    /// <summary>0002a and 0002b both build on 0001 and nothing joins them: two unlabelled heads.</summary>
    public static class TwoHeads
    {
        [Migration("0001_items")]
        public sealed class Items : CreateItems;

        [Migration("0002a_left", Parent = "0001_items")]
        public sealed class Left : CreateAfter;

        [Migration("0002b_right", Parent = "0001_items")]
        public sealed class Right : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE right_side (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE right_side");
        }
    }

    /// <summary>Two heads, one on the main line and one on a labelled branch: intended.</summary>
    public static class LabelledHeads
    {
        [Migration("0001_items")]
        public sealed class Items : CreateItems;

        [Migration("0002_after", Parent = "0001_items")]
        public sealed class After : CreateAfter;

        [Migration("x001_experiment", Parent = "0001_items", Branch = "experiment")]
        public sealed class Experiment : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE experiment (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE experiment");
        }
    }

    public abstract class CreateItems : Migration
    {
        public override void Upgrade(MigrationBuilder m) =>
            m.Sql("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL DEFAULT 0)");

        public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE items");
    }

    public abstract class CreateAfter : Migration
    {
        public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE after_table (id INTEGER PRIMARY KEY)");

        public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE after_table");
    }
}
