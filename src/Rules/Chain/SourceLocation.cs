namespace MigrationChain;

/// <summary>Where a migration is declared: a file and a one-based line and column.</summary>
/// <param name="FilePath">The source file, as the compiler or the debug information names it.</param>
/// <param name="Line">One-based line of the <c>[Migration]</c> attribute.</param>
/// <param name="Column">One-based column of the <c>[Migration]</c> attribute.</param>
public sealed record SourceLocation(string FilePath, int Line, int Column)
{
    /// <summary>The canonical <c>file(line,col)</c> form that IDEs and CI logs link to.</summary>
    public override string ToString() => $"{FilePath}({Line},{Column})";
}
