using MigrationChain;

namespace BrokenChain.Migrations;

// The bug this sample shows: the Parent was lost in a merge, so 0004 starts a second chain. A database could run it
// before 0002 creates the orders table. The build reports MC1001 here and suggests Parent = "0003_index_orders_by_user".
[Migration("0004_add_order_totals")]
public sealed class M0004_AddOrderTotals : Migration
{
    public override void Upgrade(MigrationBuilder m) =>
        m.Sql("CREATE TABLE order_totals (order_id INTEGER PRIMARY KEY REFERENCES orders (id), total_cents INTEGER NOT NULL)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS order_totals");
}
