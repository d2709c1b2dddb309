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
        Set(context, context.Options.LockSizeThreshold, megabytes =>
            options.LockSizeThreshold = double.IsFinite(megabytes) && megabytes > 0 && megabytes <= 1 << 30 ? (long)(megabytes * 1048576) : -1);
        switch (context.Value(context.Options.LockPolicy)?.ToLowerInvariant())
        {
            case null:
                break; // the runner's default: warn
            case "off":
                options.LockPolicy = LockPolicy.Off;
                break;
            case "warn":
                options.LockPolicy = LockPolicy.Warn;
                break;
            case "refuse":
                options.LockPolicy = LockPolicy.Refuse;
                break;
            case var other:
                throw new CliException(ExitCodes.Usage, $"--lock-policy {other}: must be off, warn or refuse.", "For example: --lock-policy refuse");
        }
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
            var example = option.Name == "--lock-size-threshold" ? "100" : "2";
            if (option.Name == "--lock-size-threshold")
            {
                rule = "must be more than zero MB and at most 1 PB.";
            }

            throw new CliException(ExitCodes.Usage, $"{option.Name} {value}: {rule}", $"For example: {option.Name} {example}");
        }
    }

    private static TimeSpan Seconds(double seconds) =>
        double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > 1e9
            ? TimeSpan.FromDays(-1) // refused by the runner's range check with the flag's name
            : TimeSpan.FromSeconds(seconds);
}
