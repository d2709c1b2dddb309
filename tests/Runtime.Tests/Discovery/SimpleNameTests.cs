using System.Reflection;
using System.Reflection.Emit;
using MigrationChain.Discovery;

namespace MigrationChain.Runtime.Tests.Discovery;

/// <summary>
/// Discovery names assemblies by their simple name, read off the display name instead of building an AssemblyName:
/// it must be what <c>GetName().Name</c> says for every assembly, those whose names the display name escapes included.
/// </summary>
public class SimpleNameTests
{
    [Fact]
    public void EveryLoadedAssembly_HasTheNameGetNameGives()
    {
        var assemblies = AppDomain.CurrentDomain.GetAssemblies();

        Assert.True(assemblies.Length > 20);
        Assert.All(assemblies, a => Assert.Equal(a.GetName().Name, MigrationTypeSource.SimpleName(a)));
    }

    [Theory]
    [InlineData("Plain.Name")]
    [InlineData("With,Comma")]
    [InlineData("With=Equals")]
    [InlineData("With\"Quote")]
    [InlineData("With'Apostrophe")]
    [InlineData("With\\Backslash")]
    [InlineData(" Leading")]
    [InlineData("Trailing ")]
    [InlineData("Ünïcode.名前")]
    public void AnAssemblyWhoseNameTheDisplayNameEscapes_HasItsOwnName(string name)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName { Name = name }, AssemblyBuilderAccess.Run);

        Assert.Equal(name, assembly.GetName().Name);
        Assert.Equal(name, MigrationTypeSource.SimpleName(assembly));
    }
}
