namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>The lock-safety options refuse values that cannot be meant, naming the option and the accepted range.</summary>
public class LockSafetyOptionsTests
{
    [Fact]
    public void Defaults_AreAShortLockTimeoutAndAFewRetries()
    {
        var options = new MigrationRunnerOptions();

        Assert.Equal(TimeSpan.FromSeconds(2), options.StatementLockTimeout);
        Assert.Equal(5, options.LockTimeoutRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), options.LockRetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.LockRetryMaxDelay);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3601)]
    public void StatementLockTimeout_OutOfRange_IsRefused(double seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MigrationRunnerOptions { StatementLockTimeout = TimeSpan.FromSeconds(seconds) });

        Assert.Equal("StatementLockTimeout", error.ParamName);
        Assert.Contains("MigrationRunnerOptions.StatementLockTimeout must be zero (no limit) or more and at most 3600 s", error.Message);
    }

    [Fact]
    public void StatementLockTimeout_ZeroAndNull_MeanNoLimitAndTheServersSetting()
    {
        var options = new MigrationRunnerOptions { StatementLockTimeout = TimeSpan.Zero };
        Assert.Equal(TimeSpan.Zero, options.StatementLockTimeout);
        options.StatementLockTimeout = null;
        Assert.Null(options.StatementLockTimeout);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(int.MaxValue)]
    public void LockTimeoutRetries_OutOfRange_IsRefused(int retries)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MigrationRunnerOptions { LockTimeoutRetries = retries });

        Assert.Contains("MigrationRunnerOptions.LockTimeoutRetries must be between 0 and 100", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    [InlineData(601)]
    public void RetryDelays_ZeroNegativeOrAbsurd_AreRefused(double seconds)
    {
        var first = Assert.Throws<ArgumentOutOfRangeException>(() => new MigrationRunnerOptions { LockRetryDelay = TimeSpan.FromSeconds(seconds) });
        var longest = Assert.Throws<ArgumentOutOfRangeException>(() => new MigrationRunnerOptions { LockRetryMaxDelay = TimeSpan.FromSeconds(seconds) });

        Assert.Contains("MigrationRunnerOptions.LockRetryDelay must be more than zero and at most 600 s", first.Message);
        Assert.Contains("MigrationRunnerOptions.LockRetryMaxDelay must be more than zero", longest.Message);
    }
}
