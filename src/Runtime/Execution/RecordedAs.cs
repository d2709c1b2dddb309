using System;

namespace MigrationChain.Execution;

/// <summary>
/// What <see cref="DatabaseSession.RecordStepAsync"/> did with a step: kept it to send with the next steps, or sent
/// it; and, when the database reported it (a step sent with others), the step's whole duration, client and server.
/// </summary>
internal readonly record struct RecordedAs(bool Kept, TimeSpan? Duration)
{
    /// <summary>Kept by the session: reported completed when its COMMIT has run.</summary>
    public static RecordedAs Deferred => new(true, null);

    /// <summary>Sent and committed (or left to the run's transaction); its duration is the client's clock.</summary>
    public static RecordedAs Sent => new(false, null);
}
