using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MigrationChain.Sqlite;

/// <summary>
/// An exclusive lock on a file beside the database, held around non-transactional steps. The operating system
/// drops it when the process dies, so a crash never leaves a lock behind; a runner that finds it free while a
/// step is recorded as running knows that step was interrupted.
/// </summary>
internal sealed class SqliteFileLock : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly FileStream _stream;

    private SqliteFileLock(FileStream stream)
    {
        _stream = stream;
    }

    public static string PathFor(string databasePath) => databasePath + ".migrationchain-lock";

    public static async Task<SqliteFileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (TryAcquire(path) is { } acquired)
            {
                return acquired;
            }

            if (clock.Elapsed > timeout)
            {
                throw new MigrationLockTimeoutException(timeout, $"the runner holding '{path}'");
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    public static bool IsHeld(string path)
    {
        var probe = TryAcquire(path);
        if (probe is null)
        {
            return true;
        }

        probe._stream.Dispose();
        return false;
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private static SqliteFileLock? TryAcquire(string path)
    {
        try
        {
            return new SqliteFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
