using System;

namespace MigrationChain.Cli.Loading;

/// <summary>A migration class found in the assembly, with the facts the chain rules read and where it was written.</summary>
internal sealed record MigrationType(Type Type, RevisionInfo Info, string? SourceFile)
{
    public string Revision => Info.Revision;
}
