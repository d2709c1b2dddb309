#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario

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
        Assert.Equal(LockPolicy.Warn, options.LockPolicy);
        Assert.Equal(100L << 20, options.LockSizeThreshold);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData((1L << 50) + 1)]
    public void LockSizeThreshold_ZeroNegativeOrAbsurd_IsRefused(long bytes)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MigrationRunnerOptions { LockSizeThreshold = bytes });

        Assert.Equal("LockSizeThreshold", error.ParamName);
        Assert.Contains("MigrationRunnerOptions.LockSizeThreshold must be more than zero and at most 1 PB", error.Message);
    }

    public static class AbsurdOverride
    {
        [Migration("0001_ok")]
        public sealed class Ok : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE ok_t (id INTEGER)");
        }

        [Migration("0002_waits_two_hours", Parent = "0001_ok", LockTimeoutSeconds = 7200)]
        public sealed class TwoHours : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE never_t (id INTEGER)");
        }
    }

    public static class NegativeOverride
    {
        [Migration("0001_negative", StatementTimeoutSeconds = -5, Transactional = false)]
        public sealed class Negative : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE never_t (id INTEGER)");
        }
    }

    [Fact]
    public void AMigrationsOwnTimeout_OutOfRange_FailsItNamingTheAttribute_BeforeAnythingOfItRuns()
    {
        using var db = new SqliteDatabase();
        using var other = new SqliteDatabase();

        var absurd = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(AbsurdOverride).GetNestedTypes()).UpgradeHead());
        var negative = Assert.Throws<MigrationFailedException>(() => other.Runner(typeof(NegativeOverride).GetNestedTypes()).UpgradeHead());

        Assert.Equal("0002_waits_two_hours", absurd.Revision);
        Assert.Contains("[Migration(LockTimeoutSeconds = 7200)] must be zero (no limit) or more and at most 3600", absurd.Message);
        Assert.Equal("0001_negative", negative.Revision);
        Assert.Contains("[Migration(StatementTimeoutSeconds = -5)] must be zero (no limit) or more;", negative.Message);
        Assert.Equal(new[] { "0001_ok" }, db.Recorded());
        Assert.DoesNotContain("never_t", db.Tables());
        Assert.Empty(other.Recorded()); // not even marked running: refused before its marker row
        Assert.DoesNotContain("never_t", other.Tables());
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
