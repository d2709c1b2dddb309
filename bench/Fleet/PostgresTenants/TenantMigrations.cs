using MigrationChain;

namespace MigrationChain.Fleet.PostgresTenants;

// Twenty migrations, each one table and one index: the statements PostgresFleetBenchmark's baseline also sends.

[Migration("p0001_table_01")]
public sealed class P0001 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(1));
        m.Sql(TenantStatements.CreateIndex(1));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t01");
}

[Migration("p0002_table_02", Parent = "p0001_table_01")]
public sealed class P0002 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(2));
        m.Sql(TenantStatements.CreateIndex(2));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t02");
}

[Migration("p0003_table_03", Parent = "p0002_table_02")]
public sealed class P0003 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(3));
        m.Sql(TenantStatements.CreateIndex(3));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t03");
}

[Migration("p0004_table_04", Parent = "p0003_table_03")]
public sealed class P0004 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(4));
        m.Sql(TenantStatements.CreateIndex(4));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t04");
}

[Migration("p0005_table_05", Parent = "p0004_table_04")]
public sealed class P0005 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(5));
        m.Sql(TenantStatements.CreateIndex(5));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t05");
}

[Migration("p0006_table_06", Parent = "p0005_table_05")]
public sealed class P0006 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(6));
        m.Sql(TenantStatements.CreateIndex(6));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t06");
}

[Migration("p0007_table_07", Parent = "p0006_table_06")]
public sealed class P0007 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(7));
        m.Sql(TenantStatements.CreateIndex(7));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t07");
}

[Migration("p0008_table_08", Parent = "p0007_table_07")]
public sealed class P0008 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(8));
        m.Sql(TenantStatements.CreateIndex(8));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t08");
}

[Migration("p0009_table_09", Parent = "p0008_table_08")]
public sealed class P0009 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(9));
        m.Sql(TenantStatements.CreateIndex(9));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t09");
}

[Migration("p0010_table_10", Parent = "p0009_table_09")]
public sealed class P0010 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(10));
        m.Sql(TenantStatements.CreateIndex(10));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t10");
}

[Migration("p0011_table_11", Parent = "p0010_table_10")]
public sealed class P0011 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(11));
        m.Sql(TenantStatements.CreateIndex(11));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t11");
}

[Migration("p0012_table_12", Parent = "p0011_table_11")]
public sealed class P0012 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(12));
        m.Sql(TenantStatements.CreateIndex(12));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t12");
}

[Migration("p0013_table_13", Parent = "p0012_table_12")]
public sealed class P0013 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(13));
        m.Sql(TenantStatements.CreateIndex(13));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t13");
}

[Migration("p0014_table_14", Parent = "p0013_table_13")]
public sealed class P0014 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(14));
        m.Sql(TenantStatements.CreateIndex(14));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t14");
}

[Migration("p0015_table_15", Parent = "p0014_table_14")]
public sealed class P0015 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(15));
        m.Sql(TenantStatements.CreateIndex(15));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t15");
}

[Migration("p0016_table_16", Parent = "p0015_table_15")]
public sealed class P0016 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(16));
        m.Sql(TenantStatements.CreateIndex(16));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t16");
}

[Migration("p0017_table_17", Parent = "p0016_table_16")]
public sealed class P0017 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(17));
        m.Sql(TenantStatements.CreateIndex(17));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t17");
}

[Migration("p0018_table_18", Parent = "p0017_table_17")]
public sealed class P0018 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(18));
        m.Sql(TenantStatements.CreateIndex(18));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t18");
}

[Migration("p0019_table_19", Parent = "p0018_table_18")]
public sealed class P0019 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(19));
        m.Sql(TenantStatements.CreateIndex(19));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t19");
}

[Migration("p0020_table_20", Parent = "p0019_table_19")]
public sealed class P0020 : Migration
{
    public override void Upgrade(MigrationBuilder m)
    {
        m.Sql(TenantStatements.CreateTable(20));
        m.Sql(TenantStatements.CreateIndex(20));
    }

    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t20");
}

/// <summary>The SQL of migration n, shared with the benchmark's baseline so both send the same statements.</summary>
public static class TenantStatements
{
    public const int Count = 20;

    public static string Revision(int n) => $"p{n:D4}_table_{n:D2}";

    public static string CreateTable(int n) => $"CREATE TABLE t{n:D2} (id bigint PRIMARY KEY, account_id bigint NOT NULL, created timestamptz NOT NULL DEFAULT now(), note text)";

    public static string CreateIndex(int n) => $"CREATE INDEX t{n:D2}_account ON t{n:D2} (account_id)";
}
