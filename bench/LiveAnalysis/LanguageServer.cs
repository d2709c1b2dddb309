using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MigrationChain.Benchmarks.LiveAnalysis;

/// <summary>
/// A language server process spoken to over stdio with LSP's JSON-RPC framing. Requests the server sends to the
/// client (configuration, progress tokens, capability registration) are answered so it never waits on us.
/// </summary>
internal sealed class LanguageServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly Dictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly JsonObject _settings;
    private readonly Task _reader;
    private readonly object _gate = new();
    private int _nextId;

    public LanguageServer(string executable, string workingDirectory, JsonObject settings)
    {
        _settings = settings;
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _process = Process.Start(start)!;
        _input = _process.StandardInput.BaseStream;
        _output = _process.StandardOutput.BaseStream;
        _ = _process.StandardError.ReadToEndAsync();
        _reader = Task.Run(ReadLoop);
    }

    public int ProcessId => _process.Id;

    /// <summary>The server's peak resident memory so far (VmHWM), in MiB.</summary>
    public double PeakMemoryMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }

    public async Task<JsonNode?> Request(string method, JsonNode? parameters, TimeSpan timeout)
    {
        TaskCompletionSource<JsonNode?> completion;
        int id;
        lock (_gate)
        {
            id = ++_nextId;
            completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = completion;
        }

        await Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        var finished = await Task.WhenAny(completion.Task, Task.Delay(timeout));
        if (finished != completion.Task)
        {
            throw new TimeoutException($"{method} got no answer within {timeout.TotalSeconds} s.");
        }

        return await completion.Task;
    }

    public Task Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Request("shutdown", null, TimeSpan.FromSeconds(10));
            await Notify("exit", null);
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception) when (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task Send(JsonNode message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _input.WriteAsync(header);
        await _input.WriteAsync(body);
        await _input.FlushAsync();
    }

    private async Task ReadLoop()
    {
        try
        {
            while (await ReadMessage() is { } message)
            {
                var hasId = message["id"] is not null;
                var method = message["method"]?.GetValue<string>();
                if (method is not null && hasId)
                {
                    await Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = message["id"]!.DeepClone(), ["result"] = AnswerFor(method, message["params"]) });
                }
                else if (method is null && hasId)
                {
                    var id = message["id"]!.GetValue<int>();
                    TaskCompletionSource<JsonNode?>? completion;
                    lock (_gate)
                    {
                        _pending.Remove(id, out completion);
                    }

                    if (message["error"] is { } error)
                    {
                        completion?.TrySetException(new InvalidOperationException(error.ToJsonString()));
                    }
                    else
                    {
                        completion?.TrySetResult(message["result"]);
                    }
                }
            }
        }
        catch (Exception exception)
        {
            lock (_gate)
            {
                foreach (var pending in _pending.Values)
                {
                    pending.TrySetException(exception);
                }
            }
        }
    }

    private JsonNode? AnswerFor(string method, JsonNode? parameters)
    {
        if (method != "workspace/configuration")
        {
            return null;
        }

        // One answer per item asked for: the section's settings, or all of them.
        var answers = new JsonArray();
        foreach (var item in parameters?["items"]?.AsArray() ?? new JsonArray())
        {
            var section = item?["section"]?.GetValue<string>();
            answers.Add(section is null ? _settings.DeepClone() : _settings[section]?.DeepClone());
        }

        return answers;
    }

    private async Task<JsonNode?> ReadMessage()
    {
        var length = -1;
        while (true)
        {
            var line = await ReadHeaderLine();
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var body = new byte[length];
        await _output.ReadExactlyAsync(body);
        return JsonNode.Parse(body);
    }

    private async Task<string?> ReadHeaderLine()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _output.ReadAsync(one) == 0)
            {
                return null;
            }

            if (one[0] == '\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }
}
