using System;
using System.Threading.Tasks;

namespace MigrationChain.Execution;

/// <summary>Nothing to release: a lock a provider does not need at that level, or step settings that need no undoing.</summary>
internal sealed class NoOp : IAsyncDisposable
{
    public static readonly NoOp Instance = new();

    public ValueTask DisposeAsync() => default;
}
