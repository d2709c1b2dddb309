using MigrationChain;

namespace Forked.Migrations
{
    [Migration("0001_init")]
    public sealed class Init : Migration
    {
        public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE accounts (id INTEGER PRIMARY KEY)");

        public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS accounts");
    }
}
