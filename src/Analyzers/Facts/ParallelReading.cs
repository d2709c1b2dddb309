using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// Runs independent per-file or per-migration reads on every core when there are many of them, and inline when there
/// are few.
/// </summary>
/// <remarks>
/// A command-line compile runs source generators one after another before it binds anything, with the other cores
/// idle. There the generator's first look at a project (every tree's facts, then every migration's checksum and
/// manifest row) is the compile's critical path; spread over the cores it ends sooner, for the same CPU. An IDE edit
/// reads one file, far under <see cref="MinimumCount"/>, and stays on the calling thread.
/// </remarks>
internal static class ParallelReading
{
    /// <summary>Below this many items the reads run inline: the hand-off to other threads would cost more than it saves.</summary>
    internal const int MinimumCount = 64;

    /// <summary>Calls <paramref name="read"/> for 0 to <paramref name="count"/> - 1, in any order and on any thread.</summary>
    /// <remarks>
    /// Each index is read exactly once, and everything is read when this returns, so the caller may fill an array
    /// and then read it. An exception from a read is rethrown as itself (not wrapped), with its stack, as the
    /// sequential loop would; cancellation is an <see cref="OperationCanceledException"/>.
    /// </remarks>
    public static void For(int count, Action<int> read, CancellationToken cancellationToken)
    {
        if (count < MinimumCount)
        {
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                read(i);
            }

            return;
        }

        try
        {
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, read);
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(aggregate.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
