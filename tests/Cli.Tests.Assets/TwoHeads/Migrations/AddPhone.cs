using MigrationChain;

namespace Forked.Migrations
{
    [Migration("0002_add_phone", Parent = "0001_init")]
    public sealed class AddPhone : Migration
    {
        public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE phones (account_id INTEGER NOT NULL, phone TEXT NOT NULL)");

        public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS phones");
    }
}
