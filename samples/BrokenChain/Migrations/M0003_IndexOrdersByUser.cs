using MigrationChain;

namespace BrokenChain.Migrations;

[Migration("0003_index_orders_by_user", Parent = "0002_create_orders")]
public sealed class M0003_IndexOrdersByUser : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE INDEX IF NOT EXISTS ix_orders_user ON orders (user_id)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP INDEX IF EXISTS ix_orders_user");
}
