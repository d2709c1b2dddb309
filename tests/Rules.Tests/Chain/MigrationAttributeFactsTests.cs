namespace MigrationChain.Rules.Tests.Chain;

public class MigrationAttributeFactsTests
{
    [Theory]
    [InlineData(null, null, ParentDeclaration.None)]
    [InlineData("0001", null, ParentDeclaration.Parent)]
    [InlineData(null, new[] { "0001", "0002" }, ParentDeclaration.Parents)]
    [InlineData("0001", new[] { "0002" }, ParentDeclaration.Both)]
    public void HowParentsWereDeclared_IsKept(string? parent, string[]? parents, ParentDeclaration expected)
    {
        Assert.Equal(expected, MigrationAttributeFacts.From("0003", parent, parents, null, null).ParentDeclaration);
    }

    [Fact]
    public void ParentComesFirst_AndNullEntriesAreDropped()
    {
        var facts = MigrationAttributeFacts.From(null, "0001", new[] { "0002", null }, "core", new[] { null, "p001" });

        Assert.Equal(string.Empty, facts.Revision);
        Assert.Equal(new[] { "0001", "0002" }, facts.Parents);
        Assert.Equal("core", facts.Branch);
        Assert.Equal(new[] { "p001" }, facts.DependsOn);
    }
}
