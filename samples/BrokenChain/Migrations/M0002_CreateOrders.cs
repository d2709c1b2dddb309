using MigrationChain;

namespace BrokenChain.Migrations;

[Migration("0002_create_orders", Parent = "0001_create_users")]
public sealed class M0002_CreateOrders : Migration
{
    public override void Upgrade(MigrationBuilder m) =>
        m.Sql("CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id))");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS orders");
}
