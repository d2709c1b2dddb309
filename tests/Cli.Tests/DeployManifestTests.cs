using System.Collections;
using System.Reflection;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// The Kubernetes manifests under deploy/kubernetes say what the tool takes: every mchain command line in them parses
/// with the tool's real command line (System.CommandLine, as built by the tool), every shard it names is one the tool
/// accepts, and every environment variable set for it is one the tool reads. No cluster is needed.
/// </summary>
public class DeployManifestTests
{
    private static readonly string Folder = Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "kubernetes");

    [Fact]
    public void EveryMchainCommandInTheManifests_ParsesWithTheToolsCommandLine_AndSetsOnlyVariablesTheToolReads()
    {
        var tool = Assembly.LoadFrom(Mchain.ToolPath);
        var root = tool.GetType("MigrationChain.Cli.CliApplication")!.GetMethod("Build", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!.Invoke(null, null)!;
        var parse = root.GetType().GetMethods().Single(m => m.Name == "Parse" && m.GetParameters()[0].ParameterType == typeof(IReadOnlyList<string>));
        var readVariables = new[] { ("MigrationChain.Cli.Databases.DatabaseUrl", "EnvironmentVariable"), ("MigrationChain.Cli.Fleet.Shard", "IndexVariable") }
            .Select(c => (string)tool.GetType(c.Item1)!.GetField(c.Item2, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(null)!)
            .ToHashSet();
        var shardParse = tool.GetType("MigrationChain.Cli.Fleet.Shard")!.GetMethod("Parse", BindingFlags.Static | BindingFlags.Public)!;

        var checkedCommands = new List<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.yaml"))
        {
            foreach (var document in TinyYaml.Documents(File.ReadAllText(file)))
            {
                foreach (var container in Containers(document).Where(c => Strings(c, "command").FirstOrDefault() == "mchain"))
                {
                    var arguments = Strings(container, "command").Skip(1).Concat(Strings(container, "args")).ToList();
                    var where = $"{Path.GetFileName(file)}: mchain {string.Join(' ', arguments)}";
                    var result = parse.Invoke(root, new object?[] { arguments, null })!;
                    var errors = ((IEnumerable)result.GetType().GetProperty("Errors")!.GetValue(result)!).Cast<object>()
                        .Select(e => (string)e.GetType().GetProperty("Message")!.GetValue(e)!).ToList();
                    Assert.True(errors.Count == 0, $"{where}\n{string.Join('\n', errors)}");
                    var command = result.GetType().GetProperty("CommandResult")!.GetValue(result)!;
                    var name = (string)command.GetType().GetProperty("Command")!.GetValue(command)!.GetType().GetProperty("Name")!.GetValue(command.GetType().GetProperty("Command")!.GetValue(command))!;
                    Assert.True(name is "upgrade" or "current" or "check", $"{where}: runs '{name}'");

                    var shard = arguments.IndexOf("--shard");
                    if (shard >= 0)
                    {
                        // What JOB_COMPLETION_INDEX is in the Indexed Job's first pod; the Job runs exactly N of them.
                        shardParse.Invoke(null, new object?[] { arguments[shard + 1], "0" });
                        Assert.Equal("Indexed", Value(document, "spec", "completionMode"));
                        Assert.Equal(arguments[shard + 1].Split('/')[1], Value(document, "spec", "completions"));
                    }

                    foreach (var variable in Maps(container, "env").Select(e => (string)e["name"]!))
                    {
                        Assert.True(readVariables.Contains(variable), $"{where}: sets {variable}, which mchain does not read (it reads {string.Join(", ", readVariables)})");
                    }

                    checkedCommands.Add(where);
                }
            }
        }

        Assert.Equal(2, checkedCommands.Count);
    }

    [Fact]
    public void TheApplication_VerifiesAtStartup_AndIsReadyOnlyWhenTheMigrationsCheckSaysSo()
    {
        var deployment = TinyYaml.Documents(File.ReadAllText(Path.Combine(Folder, "app-deployment.yaml"))).Single();
        var web = Assert.Single(Containers(deployment));
        var env = Maps(web, "env").ToDictionary(e => (string)e["name"]!, e => e.GetValueOrDefault("value") as string);

        Assert.Equal("Verify", env["MigrationChain__Startup"]);
        Assert.True(env.ContainsKey("ConnectionStrings__" + env["MigrationChain__ConnectionStringName"]));
        var probe = (Dictionary<string, object?>)((Dictionary<string, object?>)web["readinessProbe"]!)["httpGet"]!;
        Assert.Equal("/health/migrations", probe["path"]);
        Assert.DoesNotContain(Containers(deployment), c => Strings(c, "command").FirstOrDefault() == "mchain");
    }

    private static IEnumerable<Dictionary<string, object?>> Containers(object? node) => node switch
    {
        Dictionary<string, object?> map => map.SelectMany(p => p.Key is "containers" or "initContainers" && p.Value is List<object?> list
            ? list.OfType<Dictionary<string, object?>>()
            : Containers(p.Value)),
        List<object?> list => list.SelectMany(Containers),
        _ => Enumerable.Empty<Dictionary<string, object?>>(),
    };

    private static List<string> Strings(Dictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) is List<object?> list ? list.Cast<string>().ToList() : new List<string>();

    private static IEnumerable<Dictionary<string, object?>> Maps(Dictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) is List<object?> list ? list.Cast<Dictionary<string, object?>>() : Enumerable.Empty<Dictionary<string, object?>>();

    private static string? Value(object? document, params string[] path) =>
        path.Aggregate(document, (node, key) => (node as Dictionary<string, object?>)?.GetValueOrDefault(key)) as string;
}
