using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace MigrationChain.Benchmarks.LiveAnalysis;

/// <summary>What one server session measured.</summary>
internal sealed record SessionResult(double BreakMedianMs, double FixMedianMs, double MedianMs, double FirstMs, double PeakMiB);

/// <summary>
/// One csharp-ls session on a generated project: open a migration in the middle of the chain, then alternately break
/// its Parent and fix it again, timing each edit from didChange to the pull diagnostics that reflect it.
/// </summary>
internal static class EditSession
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(15);

    public static async Task<SessionResult> Measure(string server, string directory, int size, bool analyzersOn, LiveOptions options)
    {
        // A plain migration (one parent) in the middle of the chain: not a fork (x50, x51) nor a merge (x52).
        var number = size / 2 + 5;
        var revision = number.ToString("D6", CultureInfo.InvariantCulture);
        var parent = (number - 1).ToString("D6", CultureInfo.InvariantCulture);
        var path = Path.Combine(directory, "Migrations", "M" + revision + ".cs");
        var uri = new Uri(path).AbsoluteUri;
        var good = File.ReadAllText(path);
        var broken = good.Replace($"Parent = \"{parent}\"", $"Parent = \"{parent}x\"", StringComparison.Ordinal);
        if (broken == good)
        {
            throw new InvalidOperationException($"{path} has no Parent = \"{parent}\" to break.");
        }

        var settings = new JsonObject { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } };
        await using var lsp = new LanguageServer(server, directory, settings);
        Console.Error.WriteLine($"{size} migrations, MigrationChain analyzers {(analyzersOn ? "on" : "off")}: csharp-ls pid {lsp.ProcessId}, loading {directory} ...");
        await lsp.Request("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = new Uri(directory + "/").AbsoluteUri,
            ["capabilities"] = new JsonObject
            {
                ["textDocument"] = new JsonObject
                {
                    ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false },
                    ["synchronization"] = new JsonObject { ["didSave"] = false },
                },
                ["workspace"] = new JsonObject { ["configuration"] = true },
            },
            ["initializationOptions"] = settings.DeepClone(),
        }, LoadTimeout);
        await lsp.Notify("initialized", new JsonObject());
        await lsp.Notify("workspace/didChangeConfiguration", new JsonObject { ["settings"] = settings.DeepClone() });
        await lsp.Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = good },
        });

        // Wait for the project to load: a compiler error on the file is what both modes can see.
        var version = 1;
        var load = Stopwatch.StartNew();
        await Change(lsp, uri, ++version, good.Replace("public sealed class", "public sealed clas", StringComparison.Ordinal));
        await PullUntil(lsp, uri, items => items.Any(code => code.StartsWith("CS", StringComparison.Ordinal)), LoadTimeout);
        Console.Error.WriteLine($"  project loaded after {load.Elapsed.TotalSeconds:F1} s");
        await Change(lsp, uri, ++version, good);
        await PullUntil(lsp, uri, items => !items.Any(code => code.StartsWith("CS", StringComparison.Ordinal)), LoadTimeout);

        var breaks = new List<double>();
        var fixes = new List<double>();
        var first = double.NaN;
        for (var edit = 0; edit < options.Warmup + options.Edits; edit++)
        {
            foreach (var breaking in new[] { true, false })
            {
                var clock = Stopwatch.StartNew();
                await Change(lsp, uri, ++version, breaking ? broken : good);
                var pulls = 1;
                if (analyzersOn)
                {
                    pulls = await PullUntil(lsp, uri, items => items.Contains("MC1002") == breaking, TimeSpan.FromMinutes(5));
                }
                else
                {
                    await Pull(lsp, uri);
                }

                var ms = clock.Elapsed.TotalMilliseconds;
                if (double.IsNaN(first))
                {
                    first = ms;
                }

                if (edit >= options.Warmup)
                {
                    (breaking ? breaks : fixes).Add(ms);
                }

                Console.Error.WriteLine(FormattableString.Invariant($"  edit {edit + 1} {(breaking ? "break" : "fix  ")}: {ms:F0} ms, {pulls} pull(s){(edit < options.Warmup ? " (warm-up)" : string.Empty)}"));
            }
        }

        return new SessionResult(Median(breaks), Median(fixes), Median(breaks.Concat(fixes).ToList()), first, lsp.PeakMemoryMiB());
    }

    private static Task Change(LanguageServer lsp, string uri, int version, string text) =>
        lsp.Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
        });

    private static async Task<List<string>> Pull(LanguageServer lsp, string uri)
    {
        var report = await lsp.Request("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }, TimeSpan.FromMinutes(5));
        var codes = new List<string>();
        foreach (var item in report?["items"]?.AsArray() ?? new JsonArray())
        {
            if (item?["code"] is { } code)
            {
                codes.Add(code.ToString());
            }
        }

        return codes;
    }

    /// <summary>Pulls until <paramref name="done"/> holds; returns how many pulls that took.</summary>
    private static async Task<int> PullUntil(LanguageServer lsp, string uri, Func<List<string>, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var pulls = 1;
        while (!done(await Pull(lsp, uri)))
        {
            pulls++;
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The diagnostics of {uri} did not settle within {timeout.TotalMinutes} min.");
            }

            await Task.Delay(5);
        }

        return pulls;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
