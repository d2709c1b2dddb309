using System;
using System.Globalization;

namespace MigrationChain.Postgres;

/// <summary>
/// Refuses lock-safety settings that cannot be meant: a negative or absurdly long timeout, a retry count in the
/// thousands. The message names the option and the accepted range, so the caller fixes the right setting.
/// </summary>
internal static class LockSafetyLimits
{
    public static TimeSpan RequireTimeout(TimeSpan value, string option, bool allowZero, TimeSpan max)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > max)
        {
            throw new ArgumentOutOfRangeException(
                option,
                value,
                $"MigrationRunnerOptions.{option} must be {(allowZero ? "zero (no limit) or more" : "more than zero")} and at most {Describe(max)}; " +
                $"{Describe(value)} was given.");
        }

        return value;
    }

    public static int RequireCount(int value, string option, int max)
    {
        if (value < 0 || value > max)
        {
            throw new ArgumentOutOfRangeException(
                option,
                value,
                $"MigrationRunnerOptions.{option} must be between 0 and {max.ToString(CultureInfo.InvariantCulture)}; {value.ToString(CultureInfo.InvariantCulture)} was given.");
        }

        return value;
    }

    public static long RequireSize(long value, string option)
    {
        if (value <= 0 || value > 1L << 50)
        {
            throw new ArgumentOutOfRangeException(
                option,
                value,
                $"MigrationRunnerOptions.{option} must be more than zero and at most 1 PB (bytes); {value.ToString(CultureInfo.InvariantCulture)} was given.");
        }

        return value;
    }

    /// <summary>
    /// A migration's own timeout (<c>[Migration(LockTimeoutSeconds = n)]</c>): -1 (unset, the default) or 0 (no
    /// limit) and up; a lock timeout above an hour is as unmeant as the runner-wide one. Checked when the step starts,
    /// so the failure names the migration and nothing of it runs.
    /// </summary>
    public static void RequireAttributeSeconds(int seconds, string attributeProperty)
    {
        var max = attributeProperty == nameof(MigrationAttribute.LockTimeoutSeconds) ? 3600 : int.MaxValue;
        if (seconds < -1 || seconds > max)
        {
            throw new ArgumentOutOfRangeException(
                attributeProperty,
                seconds,
                $"[Migration({attributeProperty} = {seconds.ToString(CultureInfo.InvariantCulture)})] must be zero (no limit) or more" +
                (max == int.MaxValue ? string.Empty : $" and at most {max.ToString(CultureInfo.InvariantCulture)}") +
                "; leave it out to use the runner's setting.");
        }
    }

    private static string Describe(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
