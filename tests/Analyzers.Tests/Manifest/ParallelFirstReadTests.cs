using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Analyzers.Manifest;
using MigrationChain.Analyzers.Tests.Verification;

namespace MigrationChain.Analyzers.Tests.Manifest;

/// <summary>
/// A first look at a project with many files (a command-line compile) reads the files' facts and writes the
/// migrations' rows on every core (<see cref="ParallelReading"/>). The manifest must be the one a file-by-file read
/// writes: every row as its file alone gives it, in chain order, whatever order the threads finished in.
/// </summary>
public class ParallelFirstReadTests
{
    [Fact]
    public void AFirstReadOfManyFiles_WritesEachRowAsItsFileAloneWritesIt_InChainOrder()
    {
        const int count = 3 * ParallelReading.MinimumCount;
        var token = TestContext.Current.CancellationToken;

        // Files in an order unlike the chain's (i * 7 mod count), each migration with its own SQL, so every checksum
        // differs and a row written for the wrong migration, or rows out of order, cannot go unnoticed.
        var files = Enumerable.Range(0, count).Select(i => (Revision: (i * 7) % count, Path: $"/Shop/File{i:D3}.cs")).ToList();
        var trees = files.Select(f => Compilations.Parse(Source(f.Revision), f.Path)).ToList();
        var compilation = Compile(trees);
        var manifest = ManifestWriter.Read(compilation, token)!;

        // The facts index keeps the compilation's tree order (an edit's index is derived from it position by position).
        Assert.Equal(trees, CompilationFacts.Of(compilation, token).WithMigrations.Select(f => f.Migrations[0].Class.SyntaxTree));

        var rows = manifest.Split('\n').Skip(1).ToList();
        Assert.Equal(count, rows.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(Revision), rows.Select(r => r.Split('\t')[0]));
        foreach (var (revision, path) in files)
        {
            // A tree of its own (parsed again, so none of the big compilation's cached facts is reused), read alone.
            var alone = ManifestWriter.Read(Compile(new[] { Compilations.Parse(Source(revision), path) }), token)!;
            Assert.Equal(alone.Split('\n')[1], rows[revision]);
        }
    }

    [Fact]
    public void ManyReads_RunEachIndexOnce()
    {
        var seen = new int[10 * ParallelReading.MinimumCount];

        ParallelReading.For(seen.Length, i => Interlocked.Increment(ref seen[i]), TestContext.Current.CancellationToken);

        Assert.All(seen, n => Assert.Equal(1, n));
    }

    [Fact]
    public void FewReads_RunInline_OnTheCallingThread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var threads = new List<int>();

        ParallelReading.For(ParallelReading.MinimumCount - 1, _ => threads.Add(Environment.CurrentManagedThreadId), TestContext.Current.CancellationToken);

        Assert.Equal(ParallelReading.MinimumCount - 1, threads.Count);
        Assert.All(threads, t => Assert.Equal(caller, t));
    }

    [Fact]
    public void AFailingRead_ThrowsItsOwnException_NotAnAggregate()
    {
        var thrown = Assert.Throws<InvalidOperationException>(() => ParallelReading.For(
            10 * ParallelReading.MinimumCount,
            i => { if (i == 300) { throw new InvalidOperationException("read 300 failed"); } },
            TestContext.Current.CancellationToken));

        Assert.Equal("read 300 failed", thrown.Message);
    }

    [Fact]
    public void ACancelledRead_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ParallelReading.For(10 * ParallelReading.MinimumCount, _ => { }, cancellation.Token));
    }

    private static string Revision(int i) => $"m{i:D3}";

    private static string Source(int i) => Sources.File(
        $$"""
        [Migration("{{Revision(i)}}"{{(i == 0 ? string.Empty : $", Parent = \"{Revision(i - 1)}\"")}})]
        public sealed class M{{i:D3}} : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t{{i}} (id integer PRIMARY KEY)");
            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t{{i}}");
        }
        """);

    private static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create("Shop", trees, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
