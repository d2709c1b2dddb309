namespace MigrationChain.Benchmarks.OnlineSafety;

/// <summary>
/// The hazard each finding names, so MigrationChain's ids and squawk's rule names can be compared: an MC5xxx id names
/// itself; squawk's rules are mapped to the MC5xxx hazard they report (from squawk's rule docs), and those with no
/// MigrationChain counterpart to a label that says what they are.
/// </summary>
internal static class Hazards
{
    /// <summary>squawk's constraint-missing-not-valid when its message is about VALIDATE in the same transaction.</summary>
    public const string ValidateInSameTransaction = "constraint-missing-not-valid (VALIDATE in the same transaction)";

    private static readonly Dictionary<string, string> SquawkRules = new(StringComparer.Ordinal)
    {
        [ValidateInSameTransaction] = "MC5006",
        ["require-concurrent-index-creation"] = "MC5001",
        ["require-concurrent-index-deletion"] = "MC5001",
        ["require-concurrent-reindex"] = "MC5001",
        ["require-concurrent-partition-detach"] = "MC5001",
        ["ban-concurrent-index-creation-in-transaction"] = "MC5003",
        ["adding-foreign-key-constraint"] = "MC5005",
        ["constraint-missing-not-valid"] = "MC5005",
        ["disallowed-unique-constraint"] = "MC5007",
        ["adding-serial-primary-key-field"] = "MC5007",
        ["adding-not-nullable-field"] = "MC5008",
        ["adding-required-field"] = "MC5009",
        ["adding-field-with-default"] = "MC5010",
        ["changing-column-type"] = "MC5011",
        ["renaming-column"] = "MC5012",
        ["renaming-table"] = "MC5012",
        ["ban-drop-column"] = "MC5013",
        ["ban-drop-table"] = "MC5013",
        ["require-lock-timeout"] = "MC5014",
        ["prefer-robust-stmts"] = "re-runnable (MC3002/MC3003)",
    };

    // Rules about column types and timeouts of a kind MigrationChain has no rule for: listed, not compared.
    private static readonly HashSet<string> SquawkStyle = new(StringComparer.Ordinal)
    {
        "prefer-bigint-over-int", "prefer-bigint-over-smallint", "prefer-big-int", "prefer-identity", "prefer-text-field",
        "prefer-timestamptz", "ban-char-field", "require-statement-timeout", "require-table-schema",
    };

    /// <summary>The hazard of an MC id (MC3002/MC3003 share one with squawk's prefer-robust-stmts).</summary>
    public static string OfMigrationChain(string id) => id is "MC3002" or "MC3003" ? "re-runnable (MC3002/MC3003)" : id;

    /// <summary>The hazard of a squawk rule; null for a style rule, which has no online-safety counterpart.</summary>
    public static string? OfSquawk(string rule) =>
        SquawkRules.TryGetValue(rule, out var hazard) ? hazard : SquawkStyle.Contains(rule) ? null : "squawk: " + rule;

    public static bool IsStyle(string rule) => SquawkStyle.Contains(rule);
}
