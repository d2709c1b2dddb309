using System.Globalization;
using System.Text;

namespace MigrationChain.Benchmarks.Peers;

/// <summary>
/// One value per scenario, tool and round; reported as medians over rounds, and ratios taken within each round
/// (tool ÷ raw, MigrationChain ÷ tool) before their median, so a round in which the machine was slow for everyone
/// does not skew a ratio.
/// </summary>
internal sealed class Results(IReadOnlyList<string> tools)
{
    private const string Baseline = "Raw";
    private const string Ours = "MigrationChain";

    // With --r2r: the same app with the packages' ReadyToRun images, as a consumer of the packages runs MigrationChain.
    private const string OursAsPackaged = "MigrationChainR2R";

    private static readonly (string Key, string Title)[] Scenarios =
    [
        ("apply", "(a) apply all N to an empty database, a transaction per migration, in process (ms)"),
        ("apply-own", "(a') the same less the server's time in the migrations' CREATE TABLE / CREATE INDEX (pg_stat_statements; on a durable cluster mostly the disk's): the tool's own time (ms)"),
        ("noop", "(b) a new runner + no-op at head, warm process, median of the calls (ms)"),
        ("start", "(c) app start + no-op at head, whole process, median of the starts (ms)"),
    ];

    private readonly Dictionary<(string Scenario, string Tool), SortedDictionary<int, double>> _values = new();

    public void Add(string scenario, string tool, int round, double milliseconds)
    {
        if (!_values.TryGetValue((scenario, tool), out var rounds))
        {
            _values[(scenario, tool)] = rounds = new SortedDictionary<int, double>();
        }

        rounds[round] = milliseconds;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public string RoundSummary(int round) => string.Join("; ", Measured.Select(s =>
        s.Key + " " + string.Join(", ", tools.Select(t => $"{t} {Format(_values[(s.Key, t)][round])}"))));

    // (a') is measured on PostgreSQL only, where the server can say what its statements took.
    private IEnumerable<(string Key, string Title)> Measured => Scenarios.Where(s => _values.ContainsKey((s.Key, Baseline)));

    public string Table(Dialect dialect, int count, int rounds, int starts, int noOpCalls)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{dialect}, N = {count:N0}, {rounds} rounds ({starts} starts and {noOpCalls} no-op calls per round), {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var packaged = tools.Contains(OursAsPackaged);
        foreach (var (key, title) in Measured)
        {
            text.AppendLine().AppendLine(title).AppendLine();
            text.AppendLine("| Tool | Median | Per round | × raw (paired) | MigrationChain ÷ tool (paired) |" + (packaged ? " MigrationChainR2R ÷ tool (paired) |" : ""));
            text.AppendLine("|---|---|---|---|---|" + (packaged ? "---|" : ""));
            foreach (var tool in tools)
            {
                var values = _values[(key, tool)];
                var vsRaw = tool == Baseline ? "1" : Ratio(key, tool, Baseline);
                var oursVs = tool == Ours ? "" : Ratio(key, Ours, tool);
                var packagedVs = !packaged ? "" : tool == OursAsPackaged ? " |" : $" {Ratio(key, OursAsPackaged, tool)} |";
                text.AppendLine(CultureInfo.InvariantCulture, $"| {tool} | **{Format(Median(values.Values))}** | {string.Join(" / ", values.Values.Select(Format))} | {vsRaw} | {oursVs} |{packagedVs}");
            }
        }

        return text.ToString();
    }

    // The median of the per-round ratios of numerator to denominator, and their range.
    private string Ratio(string scenario, string numerator, string denominator)
    {
        var top = _values[(scenario, numerator)];
        var bottom = _values[(scenario, denominator)];
        var ratios = top.Keys.Select(round => top[round] / bottom[round]).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{Median(ratios):0.00}× ({ratios.Min():0.00}–{ratios.Max():0.00})");
    }

    private static string Format(double milliseconds) => milliseconds switch
    {
        < 1 => milliseconds.ToString("0.000", CultureInfo.InvariantCulture),
        < 10 => milliseconds.ToString("0.00", CultureInfo.InvariantCulture),
        _ => milliseconds.ToString("#,0", CultureInfo.InvariantCulture),
    };
}
