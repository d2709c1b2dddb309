using System;
using System.Globalization;

namespace MigrationChain.Cli.Output;

/// <summary>Durations the way people read them: <c>12 ms</c>, <c>3.4 s</c>, <c>2 min 5 s</c>.</summary>
internal static class Durations
{
    public static string Format(TimeSpan duration)
    {
        if (duration.TotalSeconds < 1)
        {
            return ((int)Math.Round(duration.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + " ms";
        }

        if (duration.TotalMinutes < 1)
        {
            return duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        }

        return $"{(int)duration.TotalMinutes} min {duration.Seconds} s";
    }
}
