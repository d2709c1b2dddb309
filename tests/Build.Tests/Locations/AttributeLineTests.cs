using MigrationChain.Build.Locations;

namespace MigrationChain.Build.Tests.Locations;

public class AttributeLineTests
{
    [Fact]
    public void FindsTheNearestAttributeAbove()
    {
        var lines = new[] { "[Migration(\"0001\")]", "class A : Migration {", "  void Upgrade() {", "[Migration(\"0002\")]", "class B : Migration {", "  void Upgrade() {", "    m.Sql(\"x\");" };

        Assert.Equal((4, 2), AttributeLine.Find(lines, 7));
    }

    [Fact]
    public void IgnoresNamesThatOnlyEndInMigration()
    {
        var lines = new[] { "[Migration(\"0001\")]", "class A : Migration {", "  var x = CreateMigration(1);" };

        Assert.Equal((1, 2), AttributeLine.Find(lines, 3));
    }

    [Fact]
    public void FindsTheLongForm()
    {
        Assert.Equal((1, 3), AttributeLine.Find(new[] { "[ MigrationChain.MigrationAttribute(\"0001\")]", "class A {" }, 2));
    }

    [Fact]
    public void ReturnsNothingWithoutAnAttribute()
    {
        Assert.Null(AttributeLine.Find(new[] { "class A {", "}" }, 2));
    }
}
