using System;
using MigrationChain.Cli.Errors;

namespace MigrationChain.Cli.Commands;

/// <summary>
/// Carries the lock-safety flags (or their mchain.json keys) into the runner's options. The runner refuses values
/// that cannot be meant; its refusal is repeated here in the command line's words, naming the flag.
/// </summary>
internal static class LockSafetyFlags
{
    public static void Apply(CommandContext context, MigrationRunnerOptions options)
    {
        Set(context, context.Options.StatementLockTimeout, seconds => options.StatementLockTimeout = Seconds(seconds));
        Set(context, context.Options.LockRetries, count => options.LockTimeoutRetries = count);
        Set(context, context.Options.LockRetryDelay, seconds => options.LockRetryDelay = Seconds(seconds));
    }

    private static void Set<T>(CommandContext context, System.CommandLine.Option<T?> option, Action<T> apply)
        where T : struct
    {
        if (context.Value(option) is not { } value)
        {
            return;
        }

        try
        {
            apply(value);
        }
        catch (ArgumentOutOfRangeException e)
        {
            var reason = e.Message.Split(" (Parameter", 2)[0];
            var rule = reason[(reason.IndexOf(" must ", StringComparison.Ordinal) + 1)..];
            throw new CliException(ExitCodes.Usage, $"{option.Name} {value}: {rule.Replace(" s;", " seconds;", StringComparison.Ordinal)}", $"For example: {option.Name} 2");
        }
    }

    private static TimeSpan Seconds(double seconds) =>
        double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > 1e9
            ? TimeSpan.FromDays(-1) // refused by the runner's range check with the flag's name
            : TimeSpan.FromSeconds(seconds);
}
