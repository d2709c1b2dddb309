namespace MigrationChain;

/// <summary>How serious a chain diagnostic is. Errors stop the runner and fail the build; warnings do not.</summary>
public enum ChainSeverity
{
    /// <summary>Worth fixing, but the chain can run.</summary>
    Warning = 1,

    /// <summary>The chain cannot run safely.</summary>
    Error = 2,
}
