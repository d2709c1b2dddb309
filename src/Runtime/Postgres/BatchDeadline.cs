using System;
using System.Data.Common;
using System.Threading;
using Npgsql;

namespace MigrationChain.Postgres;

/// <summary>
/// The driver's timeout for steps sent together (PostgresSession.Deferred): the sum of the timeouts each step would
/// have had alone (zero, no limit, if any has none), so a round trip never times out where each step alone would not.
/// The server answers a pipeline only at its end, so a step's own end cannot be seen from here. When the time runs
/// out the batch is cancelled, as the driver cancels a command that times out; the cancelled statement then says
/// which step was running (<see cref="Expired"/> says it was this deadline).
/// </summary>
internal sealed class BatchDeadline : IDisposable
{
    private readonly CancellationTokenSource? _timer;
    private readonly CancellationTokenRegistration _cancel;
    private int _expired;

    public BatchDeadline(NpgsqlBatch batch, int seconds)
    {
        Seconds = seconds;
        if (seconds == 0)
        {
            return;
        }

        _timer = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        _cancel = _timer.Token.Register(() =>
        {
            Volatile.Write(ref _expired, 1);
            try
            {
                batch.Cancel();
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // The batch ended meanwhile, or the cancellation could not be sent: the batch's own end reports it.
            }
        });
    }

    /// <summary>The round trip's limit in seconds; zero for none.</summary>
    public int Seconds { get; }

    /// <summary>True once the time ran out and the batch was cancelled.</summary>
    public bool Expired => Volatile.Read(ref _expired) == 1;

    /// <summary>Nothing more is timed; a cancellation already under way has finished when this returns.</summary>
    public void Dispose()
    {
        _cancel.Dispose();
        _timer?.Dispose();
    }
}
