using MigrationChain;

namespace MigrationChain.Fleet.Benchmarks.SqliteFleetMigrations;

// The chain every tenant of the SQLite fleet benchmark gets: five migrations, each a table and an index.

[Migration("f0001_accounts")]
public sealed class F0001 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        m.Sql("CREATE INDEX accounts_name ON accounts (name)");
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS accounts");
}

[Migration("f0002_orders", Parent = "f0001_accounts")]
public sealed class F0002 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql("CREATE TABLE orders (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, total INTEGER NOT NULL)");
        m.Sql("CREATE INDEX orders_account ON orders (account_id)");
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS orders");
}

[Migration("f0003_items", Parent = "f0002_orders")]
public sealed class F0003 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql("CREATE TABLE items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, sku TEXT NOT NULL)");
        m.Sql("CREATE INDEX items_order ON items (order_id)");
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS items");
}

[Migration("f0004_invoices", Parent = "f0003_items")]
public sealed class F0004 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql("CREATE TABLE invoices (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, issued TEXT NOT NULL)");
        m.Sql("CREATE INDEX invoices_order ON invoices (order_id)");
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS invoices");
}

[Migration("f0005_audit", Parent = "f0004_invoices")]
public sealed class F0005 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql("CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, what TEXT NOT NULL)");
        m.Sql("CREATE INDEX audit_at ON audit (at)");
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS audit");
}
