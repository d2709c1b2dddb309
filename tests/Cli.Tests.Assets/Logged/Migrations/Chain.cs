using MigrationChain;

namespace Logged.Migrations;

[Migration("l0001_log")]
public sealed class L0001_Log : Migration
{
    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE applied_log (revision TEXT NOT NULL)");

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS applied_log");
}

[Migration("l0002_first", Parent = "l0001_log")]
public sealed class L0002_First : LoggedMigration
{
    protected override string Table => "l0002_first";
}

[Migration("l0003_second", Parent = "l0002_first")]
public sealed class L0003_Second : LoggedMigration
{
    protected override string Table => "l0003_second";
}

[Migration("l0004_third", Parent = "l0003_second")]
public sealed class L0004_Third : LoggedMigration
{
    protected override string Table => "l0004_third";
}

[Migration("l0005_fourth", Parent = "l0004_third")]
public sealed class L0005_Fourth : LoggedMigration
{
    protected override string Table => "l0005_fourth";
}
