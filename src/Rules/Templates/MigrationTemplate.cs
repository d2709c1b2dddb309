using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MigrationChain.Templates;

/// <summary>
/// The C# source of a new migration class: a revision, a root, or a merge of several heads, with empty
/// <c>Upgrade</c> and <c>Downgrade</c> bodies. Pure text in, text out, so the command-line tool and the IDE code fix
/// write the same file.
/// </summary>
/// <example>
/// <code>
/// var source = new MigrationTemplate("20260125_143012_add_tags", "M20260125_143012_AddTags")
/// {
///     Namespace = "Shop.Migrations",
///     Parents = new[] { "20260120_091500_create_notes" },
///     Summary = "Add tags",
/// }.Render();
/// </code>
/// </example>
public sealed class MigrationTemplate
{
    private string[] _parents = Array.Empty<string>();

    /// <summary>Describes the migration to render.</summary>
    /// <param name="revision">The new revision id (see <see cref="RevisionId"/>).</param>
    /// <param name="className">The class name, a C# identifier.</param>
    /// <exception cref="ArgumentException">The revision id or the class name is not valid.</exception>
    public MigrationTemplate(string revision, string className)
    {
        var revisionProblem = RevisionId.Problem(revision);
        if (revisionProblem is not null)
        {
            throw new ArgumentException($"'{revision}' is not a valid revision id: {revisionProblem}.", nameof(revision));
        }

        if (!MigrationNaming.IsIdentifier(className))
        {
            throw new ArgumentException($"'{className}' is not a C# identifier.", nameof(className));
        }

        Revision = revision;
        ClassName = className;
    }

    /// <summary>The revision id written into <c>[Migration]</c>.</summary>
    public string Revision { get; }

    /// <summary>The class name.</summary>
    public string ClassName { get; }

    /// <summary>The namespace, dotted; null or empty writes the class into the global namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>
    /// The parents: none for the first migration of a chain, one for an ordinary revision (<c>Parent = ...</c>),
    /// two or more for a merge (<c>Parents = new[] { ... }</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A parent is not a valid revision id, or is named twice.</exception>
    public IReadOnlyList<string> Parents
    {
        get => _parents;
        set
        {
            var parents = (value ?? Array.Empty<string>()).ToArray();
            foreach (var parent in parents)
            {
                var problem = RevisionId.Problem(parent);
                if (problem is not null)
                {
                    throw new ArgumentException($"Parent '{parent}' is not a valid revision id: {problem}.", nameof(value));
                }
            }

            if (parents.Distinct(StringComparer.Ordinal).Count() != parents.Length)
            {
                throw new ArgumentException("A parent is named twice.", nameof(value));
            }

            _parents = parents;
        }
    }

    /// <summary>A branch label for the new revision (<c>Branch = ...</c>), or null.</summary>
    public string? Branch { get; set; }

    /// <summary>A sentence for the class's XML doc comment (the <c>-m</c> message), or null for none.</summary>
    public string? Summary { get; set; }

    /// <summary>True (the default) for a file-scoped namespace; false for a namespace block.</summary>
    public bool FileScopedNamespace { get; set; } = true;

    /// <summary>The line ending to write; <c>\n</c> unless the surrounding files use another.</summary>
    public string NewLine { get; set; } = "\n";

    /// <summary>True when the rendered class is a merge (two or more parents).</summary>
    public bool IsMerge => _parents.Length > 1;

    /// <summary>The whole file.</summary>
    /// <exception cref="ArgumentException">The namespace or the branch label is not valid.</exception>
    public string Render()
    {
        var ns = string.IsNullOrWhiteSpace(Namespace) ? null : Namespace!.Trim();
        if (ns is not null && !ns.Split('.').All(MigrationNaming.IsIdentifier))
        {
            throw new ArgumentException($"'{ns}' is not a namespace.", nameof(Namespace));
        }

        if (Branch is not null && RevisionId.Problem(Branch) is { } branchProblem)
        {
            throw new ArgumentException($"'{Branch}' is not a valid branch label: {branchProblem}.", nameof(Branch));
        }

        var source = new SourceText(NewLine);
        source.Line("using MigrationChain;");
        source.Line();
        if (ns is not null && FileScopedNamespace)
        {
            source.Line($"namespace {ns};");
            source.Line();
        }
        else if (ns is not null)
        {
            source.Line($"namespace {ns}");
            source.Line("{");
            source.Indent++;
        }

        WriteClass(source);

        if (ns is not null && !FileScopedNamespace)
        {
            source.Indent--;
            source.Line("}");
        }

        return source.ToString();
    }

    private void WriteClass(SourceText source)
    {
        var summary = Summary is null ? null : OneLine(Summary);
        if (!string.IsNullOrEmpty(summary))
        {
            source.Line($"/// <summary>{EscapeXml(summary!)}</summary>");
        }

        source.Line($"[Migration({Quote(Revision)}{ParentArguments()}{(Branch is null ? string.Empty : $", Branch = {Quote(Branch)}")})]");
        source.Line($"public sealed class {ClassName} : Migration");
        source.Line("{");
        source.Indent++;
        source.Line("public override void Upgrade(MigrationBuilder m)");
        source.Line("{");
        source.Line("}");
        source.Line();
        source.Line("public override void Downgrade(MigrationBuilder m)");
        source.Line("{");
        source.Line("}");
        source.Indent--;
        source.Line("}");
    }

    private string ParentArguments() => _parents.Length switch
    {
        0 => string.Empty,
        1 => $", Parent = {Quote(_parents[0])}",
        _ => $", Parents = new[] {{ {string.Join(", ", _parents.Select(Quote))} }}",
    };

    // Revision ids and labels are restricted to characters that need no escaping inside a C# string literal.
    private static string Quote(string value) => "\"" + value + "\"";

    private static string OneLine(string text) =>
        string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string EscapeXml(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Lines with indentation, ended the way the caller asked.</summary>
    private sealed class SourceText
    {
        private readonly StringBuilder _text = new();
        private readonly string _newLine;

        public SourceText(string newLine)
        {
            _newLine = newLine;
        }

        public int Indent { get; set; }

        public void Line(string text = "")
        {
            if (text.Length > 0)
            {
                _text.Append(' ', Indent * 4).Append(text);
            }

            _text.Append(_newLine);
        }

        public override string ToString() => _text.ToString();
    }
}
