namespace MigrationChain.Build.Checking;

/// <summary>One error or warning for the build log, in the canonical <c>file(line,col): error MCnnnn: message</c> shape.</summary>
/// <param name="Id">The rule id, e.g. <c>MC1001</c>.</param>
/// <param name="IsError">Error or warning.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="File">The file to point at, or null when nothing better than the project is known.</param>
/// <param name="Line">One-based line, or 0.</param>
/// <param name="Column">One-based column, or 0.</param>
internal sealed record BuildDiagnostic(string Id, bool IsError, string Message, string? File, int Line, int Column)
{
    public override string ToString()
    {
        var kind = IsError ? "error" : "warning";
        return File is null
            ? $"{kind} {Id}: {Message}"
            : Line > 0 ? $"{File}({Line},{Column}): {kind} {Id}: {Message}" : $"{File}: {kind} {Id}: {Message}";
    }
}
