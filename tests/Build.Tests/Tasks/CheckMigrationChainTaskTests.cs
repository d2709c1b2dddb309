using System.Collections;
using System.IO;
using MigrationChain.Build.Tasks;
using MigrationChain.Build.Tests.Compilation;
using MigrationChain.Lock;
using MigrationChain.Testing.Support;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MigrationChain.Build.Tests.Tasks;

/// <summary>
/// The task run in-process on real compiled assemblies, with an engine that keeps what MSBuild would receive: the
/// error events themselves, so what the console logger does not print (the help link) is checked too.
/// </summary>
public class CheckMigrationChainTaskTests
{
    private static string Migration(string type, string revision, string? parent = null, string sql = "id INTEGER") =>
        $$"""
        [MigrationChain.Migration("{{revision}}"{{(parent is null ? "" : $", Parent = \"{parent}\"")}})]
        public sealed class {{type}} : MigrationChain.Migration
        {
            public override void Upgrade(MigrationChain.MigrationBuilder m) => m.Sql("CREATE TABLE {{type}} ({{sql}})");
        }
        """;

    private static (bool Succeeded, EventLog Log) Run(string assembly, string? lockFile = null, bool verify = false)
    {
        var log = new EventLog();
        var task = new CheckMigrationChain
        {
            BuildEngine = log,
            Assembly = new TaskItem(assembly),
            LockFile = lockFile,
            VerifyLock = verify,
        };
        return (task.Execute(), log);
    }

    [Fact]
    public void ChainErrors_CarryTheirCodeFileLineAndHelpLink_AsTheAnalyzersDo()
    {
        using var folder = new TempDirectory("mc-task");
        var dll = TestCompiler.Compile(folder.Path, "App", Migration("A1", "0001") + Migration("A4", "0004"));

        var (succeeded, log) = Run(dll);

        Assert.False(succeeded);
        Assert.Equal(2, log.Errors.Count);
        Assert.All(log.Errors, e =>
        {
            Assert.Equal(RuleIds.SecondRoot, e.Code);
            Assert.Equal(RuleIds.HelpLink(RuleIds.SecondRoot), e.HelpLink);
            Assert.Equal(Path.Combine(folder.Path, "App.src", "Migrations.cs"), e.File);
            Assert.True(e.LineNumber > 0);
        });
    }

    [Fact]
    public void ReleasedMigrationEditedInALocalBuild_IsMC4004WithItsHelpLink_AndTheLockIsLeftAlone()
    {
        using var folder = new TempDirectory("mc-task");
        var lockFile = folder.File("migrations.lock");
        var v1 = TestCompiler.Compile(Path.Combine(folder.Path, "v1"), "App", Migration("A1", "0001") + Migration("A2", "0002", "0001") + Migration("A3", "0003", "0002"));
        Assert.True(Run(v1, lockFile).Succeeded);
        File.WriteAllText(lockFile, LockFile.Parse(File.ReadAllText(lockFile)).WithReleased(new[] { "0002" }).Render());
        var released = File.ReadAllText(lockFile);

        // 0003 is not released: a local build follows its edit and keeps the boundary.
        var v2 = TestCompiler.Compile(Path.Combine(folder.Path, "v2"), "App", Migration("A1", "0001") + Migration("A2", "0002", "0001") + Migration("A3", "0003", "0002", "id BIGINT"));
        Assert.True(Run(v2, lockFile).Succeeded);
        var followed = File.ReadAllText(lockFile);
        Assert.NotEqual(released, followed);
        Assert.Contains("\nreleased 0002\n", followed, StringComparison.Ordinal);

        // 0002 is released: the local build fails and writes nothing.
        var v3 = TestCompiler.Compile(Path.Combine(folder.Path, "v3"), "App", Migration("A1", "0001") + Migration("A2", "0002", "0001", "id BIGINT") + Migration("A3", "0003", "0002", "id BIGINT"));
        var (succeeded, log) = Run(v3, lockFile);

        Assert.False(succeeded);
        var error = Assert.Single(log.Errors);
        Assert.Equal((RuleIds.ReleasedMigrationEdited, RuleIds.HelpLink(RuleIds.ReleasedMigrationEdited)), (error.Code, error.HelpLink));
        Assert.Contains("'0002' (A2) was released", error.Message, StringComparison.Ordinal);
        Assert.Equal(followed, File.ReadAllText(lockFile));

        // A CI build says the same, and MC4001 is not reported besides.
        var ci = Run(v3, lockFile, verify: true);
        Assert.Equal(new[] { RuleIds.ReleasedMigrationEdited }, ci.Log.Errors.Select(e => e.Code));
    }

    /// <summary>The MSBuild engine's side of a task run, recorded.</summary>
    private sealed class EventLog : IBuildEngine
    {
        public List<BuildErrorEventArgs> Errors { get; } = new();

        public List<BuildWarningEventArgs> Warnings { get; } = new();

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "App.csproj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
        }

        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
    }
}
