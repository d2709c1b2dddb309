using MigrationChain;

namespace Shop.Migrations;

[Migration("0001_core")]
public sealed class Core : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE products (id INTEGER PRIMARY KEY)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS products");
}

[Migration("0002_users", Parent = "0001_core")]
public sealed class Users : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE users (id INTEGER PRIMARY KEY)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS users");
}

[Migration("0003_orders", Parent = "0002_users")]
public sealed class Orders : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE orders (id INTEGER PRIMARY KEY)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS orders");
}

[Migration("0003_reviews", Parent = "0002_users")]
public sealed class Reviews : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE reviews (id INTEGER PRIMARY KEY)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS reviews");
}

[Migration("0004_merge", Parents = new[] { "0003_orders", "0003_reviews" })]
public sealed class MergeOrdersAndReviews : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
    }

    public override void Downgrade(MigrationBuilder m)
    {
    }
}

[Migration("0005_invoices", Parent = "0004_merge")]
public sealed class Invoices : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql(Shop.Shared.InvoiceSchema.CreateTable("invoices"));

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS invoices");
}

[Migration("p001_plugins", Branch = "plugins")]
public sealed class Plugins : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE plugins (id INTEGER PRIMARY KEY)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS plugins");
}

[Migration("p002_plugin_settings", Parent = "p001_plugins")]
public sealed class PluginSettings : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE plugin_settings (plugin_id INTEGER NOT NULL)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS plugin_settings");
}
