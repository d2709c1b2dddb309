using System;

namespace MigrationChain;

/// <summary>
/// Says that this migration is the contract step of an expand/contract change: it renames or drops a table or column
/// that the code of the previous release no longer uses, and why that is so. The analyzers then do not report the
/// rename or drop (MC5012, MC5013). Example: <c>[ContractStep("orders.legacy_total unused since release 2024.11")]</c>.
/// </summary>
/// <remarks>The runner does not read it; it documents the decision next to the migration.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ContractStepAttribute : Attribute
{
    /// <summary>Marks the migration as a contract step.</summary>
    /// <param name="reason">Why no released code uses what the migration renames or drops. Must not be empty.</param>
    public ContractStepAttribute(string reason)
    {
        Reason = reason;
    }

    /// <summary>Why no released code uses what the migration renames or drops.</summary>
    public string Reason { get; }
}
