using System;

namespace MigrationChain;

/// <summary>One revision applied, undone or stamped (or, in a dry run, that would be).</summary>
public sealed class MigrationStep
{
    internal MigrationStep(string revision, MigrationDirection direction, string? typeName, bool transactional, TimeSpan duration = default)
    {
        Revision = revision;
        Direction = direction;
        TypeName = typeName;
        Transactional = transactional;
        Duration = duration;
    }

    /// <summary>The revision.</summary>
    public string Revision { get; }

    /// <summary>Up or down (for a stamp: recorded or unrecorded).</summary>
    public MigrationDirection Direction { get; }

    /// <summary>The migration class, when the code has it.</summary>
    public string? TypeName { get; }

    /// <summary>False for a migration declared <c>Transactional = false</c>.</summary>
    public bool Transactional { get; }

    /// <summary>How long it took; zero until it has run.</summary>
    public TimeSpan Duration { get; }

    internal MigrationStep Completed(TimeSpan duration) => new(Revision, Direction, TypeName, Transactional, duration);

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Direction == MigrationDirection.Upgrade ? "upgrade" : "downgrade")} {Revision}" +
        (Duration > TimeSpan.Zero ? $" ({Duration.TotalMilliseconds:0.#} ms)" : string.Empty);
}
