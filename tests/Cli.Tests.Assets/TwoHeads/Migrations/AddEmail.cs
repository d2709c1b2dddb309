using MigrationChain;

namespace Forked.Migrations
{
    [Migration("0002_add_email", Parent = "0001_init")]
    public sealed class AddEmail : Migration
    {
        public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE emails (account_id INTEGER NOT NULL, email TEXT NOT NULL)");

        public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS emails");
    }
}
