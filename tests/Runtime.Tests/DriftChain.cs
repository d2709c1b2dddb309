using MigrationChain;
using MigrationChain.Manifest;

// What MigrationChain's source generator writes for a migration: its checksum, built into the assembly. This test
// project does not run the generator, so the drift chain carries them by hand; the other test chains carry none
// (an assembly built without the generator).
[assembly: MigrationSource(MigrationChain.Runtime.Tests.DriftChain.UsersRevision, MigrationChain.Runtime.Tests.DriftChain.UsersChecksum, "DriftChain.cs", 24, 5)]
[assembly: MigrationSource(MigrationChain.Runtime.Tests.DriftChain.AuditRevision, MigrationChain.Runtime.Tests.DriftChain.AuditChecksum, "DriftChain.cs", 32, 5)]
[assembly: MigrationSource(MigrationChain.Runtime.Tests.DriftChain.OrdersRevision, MigrationChain.Runtime.Tests.DriftChain.OrdersChecksum, "DriftChain.cs", 40, 5)]

#pragma warning disable CA1034 // test chains are nested classes grouped by scenario

namespace MigrationChain.Runtime.Tests;

/// <summary>A three-migration chain whose migrations have checksums, as a generator-built assembly's have.</summary>
public static class DriftChain
{
    public const string UsersRevision = "d0001_users";
    public const string UsersChecksum = "0123456789abcdef0123456789abcdef";
    public const string AuditRevision = "d0002_audit";
    public const string AuditChecksum = "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb";
    public const string OrdersRevision = "d0003_orders";
    public const string OrdersChecksum = "fedcba9876543210fedcba9876543210";

    public static class Migrations
    {
        [Migration(UsersRevision)]
        public sealed class Users : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE users (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE users");
        }

        [Migration(AuditRevision, Parent = UsersRevision)]
        public sealed class Audit : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE audit (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE audit");
        }

        [Migration(OrdersRevision, Parent = AuditRevision)]
        public sealed class Orders : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE orders (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE orders");
        }
    }
}
