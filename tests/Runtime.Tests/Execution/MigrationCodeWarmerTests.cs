using System.Runtime;
using System.Runtime.CompilerServices;
using MigrationChain.Discovery;
using MigrationChain.Execution;
using MigrationChain.Planning;

#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario

namespace MigrationChain.Runtime.Tests.Execution;

/// <summary>
/// The warmer compiles the later steps' code ahead of the step loop, on its own thread, and runs none of it. "Compiled"
/// is observed the way it matters: calling a warmed method later compiles nothing on the calling thread.
/// </summary>
public sealed class MigrationCodeWarmerTests
{
    [Fact]
    public void StepsAfterTheFirst_AreCompiledAhead_AndNoneOfTheirCodeRuns()
    {
        var chain = new Chain(typeof(Warmed));

        Assert.Equal(chain.Nodes - 1, chain.WarmToEnd(MigrationOperation.Upgrade));

        // Compiling is all it did: no constructor, static constructor or Upgrade ran.
        Assert.Equal(0, Warmed.Observed.Constructed);
        Assert.Equal(0, Warmed.Observed.Upgraded);
        Assert.False(Warmed.Observed.StaticConstructorRan);

        // The first step's code is the step loop's own, so calling it compiles its constructor and Upgrade (and
        // Migration's constructor, first called here); the second step's were compiled ahead: calling them compiles none.
        Assert.True(CompiledOnThisThreadBy(() => new Warmed.First().Upgrade(null!)) >= 2, "the first step's code was compiled already: the warmer did not leave it to the step loop");
        Assert.Equal(0, CompiledOnThisThreadBy(() => new Warmed.Second().Upgrade(null!)));
    }

    [Fact]
    public void ADowngrade_CompilesDowngrade_NewestFirst()
    {
        var chain = new Chain(typeof(WarmedDown));

        // Undoing all three: the newest is the step loop's own first step, the two below it are compiled ahead.
        Assert.Equal(chain.Nodes - 1, chain.WarmToEnd(MigrationOperation.Downgrade));

        Assert.Equal(0, WarmedDown.Observed.Downgraded);
        Assert.True(CompiledOnThisThreadBy(() => new WarmedDown.Third().Downgrade(null!)) >= 2, "the newest step's Downgrade was compiled already: the warmer did not leave it to the step loop");
        Assert.Equal(0, CompiledOnThisThreadBy(() => new WarmedDown.Second().Downgrade(null!)));

        // Upgrade is not what a downgrade runs: left alone.
        Assert.True(CompiledOnThisThreadBy(() => new WarmedDown.First().Upgrade(null!)) >= 1, "a downgrade's warmer compiled Upgrade");
    }

    [Fact]
    public void ChainCompiledByAnEarlierRun_StartsNoThread()
    {
        // One catalog per set of assemblies per process: a fleet's tenants share it, and with it what was compiled.
        var chain = new Chain(typeof(WarmedTwice));
        chain.WarmToEnd(MigrationOperation.Upgrade);

        Assert.Null(chain.Start(MigrationOperation.Upgrade));

        // Compiled for an upgrade says nothing of Downgrade.
        using var downgrade = chain.Start(MigrationOperation.Downgrade);
        Assert.NotNull(downgrade);
    }

    [Fact]
    public void OneStepOrNone_StartsNoThread_AndARunAsksOnce()
    {
        var chain = new Chain(typeof(Warmed));
        var allButLast = Filled(chain.Nodes, true);
        allButLast[chain.Catalog.Graph.TopologicalOrder[^1]] = false;

        Assert.Null(chain.Start(MigrationOperation.Upgrade, allButLast));
        Assert.Null(chain.Start(MigrationOperation.Upgrade, Filled(chain.Nodes, true)));
        Assert.Null(chain.Start(MigrationOperation.Downgrade, Filled(chain.Nodes, false)));

        // A run asks at its first step only: with one step left, a later call starts nothing even with more to do.
        using var warmer = new MigrationCodeWarmer(chain.Catalog.Definitions, new MigrationPlanner(chain.Catalog.Graph));
        Assert.False(warmer.StartOnce(MigrationOperation.Upgrade, Filled(chain.Nodes, true), allButLast));
        Assert.False(warmer.StartOnce(MigrationOperation.Upgrade, Filled(chain.Nodes, true), Filled(chain.Nodes, false)));
    }

    private static bool[] Filled(int length, bool value) => Enumerable.Repeat(value, length).ToArray();

    // The lambda itself is compiled first, so only what it calls is counted.
    private static long CompiledOnThisThreadBy(Action action)
    {
        RuntimeHelpers.PrepareMethod(action.Method.MethodHandle);
        var before = JitInfo.GetCompiledMethodCount(currentThread: true);
        action();
        return JitInfo.GetCompiledMethodCount(currentThread: true) - before;
    }

    /// <summary>A test chain with every migration pending (for an upgrade) or applied (for a downgrade), all of them the goal.</summary>
    private sealed class Chain(Type container)
    {
        public MigrationCatalog Catalog { get; } = MigrationCatalog.FromTypes(container.GetNestedTypes());

        public int Nodes => Catalog.Definitions.Length;

        /// <summary>A new run's warmer, asked to start; null when it started no thread.</summary>
        public MigrationCodeWarmer? Start(MigrationOperation operation) => Start(operation, Filled(Nodes, operation == MigrationOperation.Downgrade));

        public MigrationCodeWarmer? Start(MigrationOperation operation, bool[] applied)
        {
            var warmer = new MigrationCodeWarmer(Catalog.Definitions, new MigrationPlanner(Catalog.Graph));
            if (warmer.StartOnce(operation, Filled(Nodes, true), applied))
            {
                return warmer;
            }

            warmer.Dispose();
            return null;
        }

        /// <summary>Runs a warmer through every step; returns how many migrations it compiled.</summary>
        public int WarmToEnd(MigrationOperation operation)
        {
            using var warmer = Start(operation);
            Assert.NotNull(warmer);
            Assert.True(warmer.Finished.Wait(TimeSpan.FromSeconds(30)), "the warmer's thread did not finish");
            return warmer.Compiled;
        }
    }

    /// <summary>A chain two runs share.</summary>
    public static class WarmedTwice
    {
        [Migration("wt0001_first")]
        public sealed class First : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT 1");

            public override void Downgrade(MigrationBuilder m) => m.Sql("SELECT 1");
        }

        [Migration("wt0002_second", Parent = "wt0001_first")]
        public sealed class Second : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT 2");

            public override void Downgrade(MigrationBuilder m) => m.Sql("SELECT 2");
        }
    }

    /// <summary>As <see cref="Warmed"/>, for the downgrade.</summary>
    public static class WarmedDown
    {
        public static class Observed
        {
            public static int Downgraded;
        }

        [Migration("wd0001_first")]
        public sealed class First : Migration
        {
            public override void Upgrade(MigrationBuilder m) => Observed.Downgraded += 0;

            public override void Downgrade(MigrationBuilder m) => Observed.Downgraded++;
        }

        [Migration("wd0002_second", Parent = "wd0001_first")]
        public sealed class Second : Migration
        {
            public override void Upgrade(MigrationBuilder m) => Observed.Downgraded += 0;

            public override void Downgrade(MigrationBuilder m) => Observed.Downgraded++;
        }

        [Migration("wd0003_third", Parent = "wd0002_second")]
        public sealed class Third : Migration
        {
            public override void Upgrade(MigrationBuilder m) => Observed.Downgraded += 0;

            public override void Downgrade(MigrationBuilder m) => Observed.Downgraded++;
        }
    }

    /// <summary>Used by no other test, so nothing has compiled or run their code before these tests look.</summary>
    public static class Warmed
    {
        public static class Observed
        {
            public static int Constructed;
            public static int Upgraded;
            public static bool StaticConstructorRan;
        }

        [Migration("w0001_first")]
        public sealed class First : Migration
        {
            public First() => Observed.Constructed++;

            public override void Upgrade(MigrationBuilder m) => Observed.Upgraded++;
        }

        [Migration("w0002_second", Parent = "w0001_first")]
        public sealed class Second : Migration
        {
            public Second() => Observed.Constructed++;

            public override void Upgrade(MigrationBuilder m) => Observed.Upgraded++;
        }

        [Migration("w0003_third", Parent = "w0002_second")]
        public sealed class Third : Migration
        {
            static Third() => Observed.StaticConstructorRan = true;

            public Third() => Observed.Constructed++;

            public override void Upgrade(MigrationBuilder m) => Observed.Upgraded++;
        }
    }
}
