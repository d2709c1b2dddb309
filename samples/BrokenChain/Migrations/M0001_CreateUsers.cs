using MigrationChain;

namespace BrokenChain.Migrations;

[Migration("0001_create_users")]
public sealed class M0001_CreateUsers : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS users");
}
