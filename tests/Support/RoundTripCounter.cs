using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MigrationChain.Testing.Support;

/// <summary>
/// A loopback TCP proxy in front of a PostgreSQL server that counts round trips: each time the client sends after
/// the server last spoke (or first), the client has waited for an answer, and that is one round trip. Messages a
/// driver pipelines into one write (Npgsql's lazy BEGIN, its reset before a pooled connection's next query) count
/// once, as they cost once. Meant for one client at a time.
/// </summary>
public sealed class RoundTripCounter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = new();
    private readonly Task _accepting;
    private int _roundTrips;
    private int _serverSpokeLast = 1;

    public RoundTripCounter(string host, int port)
    {
        _server = new IPEndPoint(IPAddress.Parse(host == "localhost" ? "127.0.0.1" : host), port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port to connect to instead of the server's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int RoundTrips => Volatile.Read(ref _roundTrips);

    public void Reset() => Interlocked.Exchange(ref _roundTrips, 0);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            var server = new TcpClient { NoDelay = true };
            client.NoDelay = true;
            await server.ConnectAsync(_server, _stop.Token).ConfigureAwait(false);
            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(server);
            }

            _ = PumpAsync(client.GetStream(), server.GetStream(), fromClient: true);
            _ = PumpAsync(server.GetStream(), client.GetStream(), fromClient: false);
        }
    }

    private async Task PumpAsync(Stream from, Stream to, bool fromClient)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token).ConfigureAwait(false)) > 0)
            {
                if (fromClient)
                {
                    if (Interlocked.Exchange(ref _serverSpokeLast, 0) == 1)
                    {
                        Interlocked.Increment(ref _roundTrips);
                    }
                }
                else
                {
                    Volatile.Write(ref _serverSpokeLast, 1);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // One side closed; close the other.
        }

        to.Dispose();
    }
}
