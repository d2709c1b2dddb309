using System;

namespace DataMigration.Migrations;

/// <summary>
/// One row of the consolidated <c>memories</c> table, with where it came from: the legacy table, the row's id and,
/// for an element of a <c>memory_json</c> array, its position. That is what lets the downgrade rebuild the legacy
/// rows exactly.
/// </summary>
internal sealed record Memory(
    string TenantId,
    string? UserId,
    string Kind,
    string Content,
    string? DetailsJson,
    DateTime CreatedAt,
    string SourceTable,
    long SourceId,
    int SourcePosition = 0);
