namespace MigrationChain.Rules.Tests.Chain;

public class RevisionIdTests
{
    // IsValid is the start's quick check; Problem explains. They must never disagree, or a start would skip a bad id
    // (or report one with no explanation).
    [Theory]
    [InlineData("0001_init")]
    [InlineData("a.b-c_D")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    [InlineData("a b")]
    [InlineData("caf\u00e9")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(".hidden")]
    [InlineData("head")]
    [InlineData("HEAD")]
    [InlineData("Heads")]
    [InlineData("bAsE")]
    [InlineData("header")]
    [InlineData("hea")]
    [InlineData("bases")]
    [InlineData("x,y")]
    public void IsValid_AgreesWithProblem(string? id)
    {
        Assert.Equal(RevisionId.Problem(id) is null, RevisionId.IsValid(id));
    }
}
