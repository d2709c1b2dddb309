using System;
using System.Threading.Tasks;

namespace MigrationChain.Execution;

/// <summary>The lock of a provider that needs none at that level.</summary>
internal sealed class NoLock : IAsyncDisposable
{
    public static readonly NoLock Instance = new();

    public ValueTask DisposeAsync() => default;
}
