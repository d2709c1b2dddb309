using System;
using System.Threading;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// A value computed at most once, by whichever caller asks first, on that caller's cancellation token. Unlike
/// <see cref="Lazy{T}"/>, a cancelled computation is not remembered: the next caller simply computes again.
/// </summary>
internal sealed class OnceWithCancellation<T>
    where T : class
{
    private readonly object _gate = new();
    private readonly Func<CancellationToken, T> _compute;
    private T? _value;

    public OnceWithCancellation(Func<CancellationToken, T> compute)
    {
        _compute = compute;
    }

    public T Get(CancellationToken cancellationToken)
    {
        var value = Volatile.Read(ref _value);
        if (value is not null)
        {
            return value;
        }

        lock (_gate)
        {
            if (_value is null)
            {
                Volatile.Write(ref _value, _compute(cancellationToken));
            }

            return _value!;
        }
    }
}
