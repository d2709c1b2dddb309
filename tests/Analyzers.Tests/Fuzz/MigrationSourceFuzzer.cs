using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MigrationChain.Analyzers.Tests.Fuzz;

/// <summary>
/// Writes random migration classes (valid, odd and broken chains; every way of passing SQL; guards, helpers,
/// escapes) and mutates them token by token into the incomplete code an IDE sees while someone types.
/// </summary>
internal sealed class MigrationSourceFuzzer
{
    private static readonly string[] Statements =
    {
        "CREATE TABLE {t} (id int primary key, name text)",
        "CREATE TABLE IF NOT EXISTS {t} (id int)",
        "CREATE TEMP TABLE {t} AS SELECT 1",
        "CREATE UNIQUE INDEX CONCURRENTLY ix_{t} ON ONLY {t} (id)",
        "CREATE INDEX ON {t} (id)",
        "DROP TABLE {t}",
        "DROP TABLE IF EXISTS {t}, {u} CASCADE",
        "DROP INDEX ix_{t}",
        "ALTER TABLE {t} ADD COLUMN c{n} int",
        "ALTER TABLE IF EXISTS ONLY {t} * ADD IF NOT EXISTS c{n} int, DROP COLUMN IF EXISTS d{n}",
        "ALTER TABLE {t} RENAME TO {u}",
        "ALTER TABLE {t} RENAME COLUMN a TO b",
        "ALTER TABLE {t} ALTER COLUMN vec TYPE vector(1536)",
        "ALTER TABLE {t} ADD CONSTRAINT k CHECK (id > 0)",
        "ALTER TABLE \"{t}\".\"{u}\" ADD x int",
        "ALTER TABLE [{t}] ADD `x` int",
        "INSERT INTO {t} VALUES ('it''s; ALTER TABLE x', E'\\\\' ; ')",
        "DO $$ BEGIN ALTER TABLE {t} ADD y int; END $$",
        "CREATE FUNCTION f() RETURNS int AS $fn$ SELECT 1; $fn$ LANGUAGE sql",
        "-- ALTER TABLE {t} ADD z int\nSELECT 1",
        "/* nested /* DROP TABLE {t} */ still */ SELECT 2",
        "ALTER TABLE",
        "DROP INDEX",
        "CREATE TABLE",
        "'unterminated",
        "$tag$ never closed",
        "/* never closed",
        "\"q",
    };

    private static readonly string[] Vocabulary =
    {
        "[", "]", "(", ")", "{", "}", ";", ",", "=", "\"", "\"\"\"", "$\"", "@\"", "Migration", "Parent", "Parents", "Branch",
        "DependsOn", "new[]", "override", "void", "Upgrade", "Downgrade", "m", ".", "Sql", "TableExists", "if", "!", "&&",
        "return", "throw", "null", "nameof", "partial", "abstract", "class", "Irreversible", "base", "static", "const", "string",
        "\"ALTER TABLE t ADD c int\"", "\"DROP TABLE t\"", "\"0001\"", "<", ">", "=>", "#if", "//", "/*",
    };

    private readonly Random _random;
    private readonly List<string> _revisions = new();
    private int _classes;
    private int _files;

    public MigrationSourceFuzzer(int seed)
    {
        _random = new Random(seed);
    }

    public int ClassesWritten => _classes;

    public string File(int classes)
    {
        var text = new StringBuilder();
        text.Append(Pick("using MigrationChain;\n", "using MigrationChain;\nusing M = MigrationChain.MigrationAttribute;\n", string.Empty, "using System;\nusing MigrationChain;\n"));
        var fileScoped = Chance(0.3);
        var ns = Chance(0.6) ? "Fuzz.N" + _random.Next(3) : null;
        if (ns is not null)
        {
            text.Append(fileScoped ? $"namespace {ns};\n" : $"namespace {ns}\n{{\n");
        }

        // Ids0 is declared once per compilation's worth of files, so constants from another file resolve.
        text.Append("public static class Ids").Append(_files++ % 6).Append(" { public const string A = \"").Append(NewRevision()).Append("\"; public const string Alter = \"ALTER TABLE t ADD c int\"; }\n");
        for (var i = 0; i < classes; i++)
        {
            text.Append(Class()).Append('\n');
        }

        if (ns is not null && !fileScoped)
        {
            text.Append("}\n");
        }

        return text.ToString();
    }

    /// <summary>Deletes, repeats, swaps and inserts tokens, or cuts the text short.</summary>
    public string Mutate(string source)
    {
        var tokens = SyntaxFactory.ParseTokens(source).Select(t => t.ToFullString()).ToList();
        var edits = _random.Next(1, 8);
        for (var i = 0; i < edits && tokens.Count > 1; i++)
        {
            var at = _random.Next(tokens.Count);
            switch (_random.Next(5))
            {
                case 0:
                    tokens.RemoveRange(at, Math.Min(_random.Next(1, 4), tokens.Count - at));
                    break;
                case 1:
                    tokens.Insert(at, tokens[at]);
                    break;
                case 2 when at + 1 < tokens.Count:
                    (tokens[at], tokens[at + 1]) = (tokens[at + 1], tokens[at]);
                    break;
                case 3:
                    tokens.Insert(at, " " + Vocabulary[_random.Next(Vocabulary.Length)] + " ");
                    break;
                default:
                    if (Chance(0.3))
                    {
                        tokens.RemoveRange(at, tokens.Count - at);
                    }

                    break;
            }
        }

        return string.Concat(tokens);
    }

    private string Class()
    {
        _classes++;
        var name = "C" + _classes;
        var revision = Chance(0.05) && _revisions.Count > 0 ? _revisions[_random.Next(_revisions.Count)] : NewRevision();
        var text = new StringBuilder();
        if (Chance(0.1))
        {
            text.Append("public static partial class Outer").Append(_classes).Append(" {\n");
        }

        text.Append('[').Append(Pick("Migration", "MigrationChain.Migration", "MigrationAttribute", "global::MigrationChain.Migration", "M", "Migration", "Migration"))
            .Append('(').Append(RevisionExpression(revision)).Append(ParentArguments()).Append(")]\n");
        if (Chance(0.15))
        {
            text.Append("[Irreversible(").Append(Pick("\"\"", "\"drops data\"", "null", "Ids0.A", "\" \"")).Append(")]\n");
        }

        text.Append("public ").Append(Pick("sealed ", string.Empty, "abstract ", "sealed partial ", "static ")).Append("class ").Append(name)
            .Append(Pick(string.Empty, "<T>", string.Empty, string.Empty))
            .Append(Pick(" : Migration", " : MigrationChain.Migration", string.Empty, " : Base" + _classes, " : Migration, System.IDisposable", " : Missing.Type"))
            .Append("\n{\n");
        if (Chance(0.1))
        {
            text.Append("    public ").Append(name).Append("(int x) { }\n");
        }

        if (Chance(0.3))
        {
            text.Append("    private const string Sql").Append(_classes).Append(" = ").Append(Literal(Sql())).Append(";\n");
        }

        text.Append(Method("Upgrade")).Append(Chance(0.7) ? Method("Downgrade") : string.Empty);
        if (Chance(0.2))
        {
            text.Append("    private static void Helper(MigrationBuilder b) => b.Sql(").Append(SqlArgument()).Append(");\n");
        }

        text.Append("}\n");
        if (text.ToString().StartsWith("public static partial class Outer", StringComparison.Ordinal))
        {
            text.Append("}\n");
        }

        return text.ToString();
    }

    private string Method(string name)
    {
        var builder = Pick("m", "builder", "db");
        var header = $"    public override void {name}(MigrationBuilder {builder})";
        return _random.Next(6) switch
        {
            0 => header + " { }\n",
            1 => header + " => throw new System.NotSupportedException();\n",
            2 => header + $" => {builder}.Sql({SqlArgument()});\n",
            3 => header + $" => base.{name}({builder});\n",
            _ => header + "\n    {\n" + string.Concat(Enumerable.Range(0, _random.Next(1, 5)).Select(_ => "        " + Statement(builder) + "\n")) + "    }\n",
        };
    }

    private string Statement(string builder) => _random.Next(10) switch
    {
        0 => $"if ({builder}.TableExists({Literal(Table())})) {builder}.Sql({SqlArgument()});",
        1 => $"if (!{builder}.ColumnExists({Literal(Table())}, \"c\")) {{ {builder}.Sql({SqlArgument()}); }} else {{ {builder}.Sql({SqlArgument()}); }}",
        2 => $"if (!{builder}.TableExists({Literal(Table())})) return;",
        3 => "Helper(" + builder + ");",
        4 => $"using (var c = {builder}.CreateCommand(\"SELECT 1\")) {{ c.ExecuteNonQuery(); }}",
        5 => $"System.Action a = () => {builder}.Sql({SqlArgument()}); a();",
        6 => $"var x = {builder}.TableExists(\"t\") ? 1 : 0;",
        _ => $"{builder}.Sql({SqlArgument()});",
    };

    private string SqlArgument()
    {
        var sql = Sql();
        return _random.Next(9) switch
        {
            0 => "@\"" + sql.Replace("\"", "\"\"") + "\"",
            1 => "\"\"\"\n" + string.Join("\n", sql.Split('\n').Select(l => "            " + l)) + "\n            \"\"\"",
            2 => "$\"" + sql.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("{", "{{").Replace("}", "}}") + "\"",
            3 => "Ids0.Alter",
            4 => Literal(sql) + " + " + Literal(" " + Sql()),
            5 => "System.Environment.GetEnvironmentVariable(\"SQL\")",
            6 => "Sql" + _classes,
            _ => Literal(sql),
        };
    }

    private string Sql()
    {
        var count = _random.Next(1, 4);
        var statements = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var statement = Statements[_random.Next(Statements.Length)]
                .Replace("{t}", Table())
                .Replace("{u}", Table())
                .Replace("{n}", _random.Next(9).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (Chance(0.2) && statement.Length > 2)
            {
                var at = _random.Next(statement.Length);
                statement = Chance(0.5) ? statement.Remove(at, 1) : statement.Insert(at, "'\"$;-/*"[_random.Next(7)].ToString());
            }

            statements.Add(statement);
        }

        return string.Join(Pick(";\n", "; ", ";"), statements);
    }

    private string RevisionExpression(string revision) => _random.Next(10) switch
    {
        0 => "nameof(Ids0)",
        1 => "Ids0.A",
        2 => Literal(revision.Substring(0, revision.Length / 2)) + " + " + Literal(revision.Substring(revision.Length / 2)),
        3 => Pick("\"\"", "\"head\"", "\"bad id\"", "\"-x\"", "null"),
        _ => Literal(revision),
    };

    private string ParentArguments()
    {
        if (_revisions.Count < 2 || Chance(0.1))
        {
            return Chance(0.5) ? ", Branch = " + Pick("\"plugins\"", "\"b x\"", "null") : string.Empty;
        }

        var parent = _revisions[_random.Next(Math.Max(0, _revisions.Count - 4), _revisions.Count - 1)];
        return _random.Next(8) switch
        {
            0 => $", Parents = new[] {{ {Literal(parent)}, {Literal(_revisions[_random.Next(_revisions.Count)])} }}",
            1 => $", Parents = [{Literal(parent)}]",
            2 => $", Parent = {Literal(parent)}, Parents = new string[0]",
            3 => $", Parent = {Literal(parent + "x")}",
            4 => $", Parent = {Literal(parent)}, DependsOn = new[] {{ {Literal(_revisions[0])}, \"missing\" }}",
            5 => $", Parent = {Literal(_revisions[_revisions.Count - 1])}",
            _ => $", Parent = {Literal(parent)}, Transactional = false",
        };
    }

    private string NewRevision()
    {
        var revision = _random.Next(20) == 0 ? "r" + _random.Next(5) : $"{_revisions.Count + 1:D4}_{Table()}";
        _revisions.Add(revision);
        return revision;
    }

    private string Table() => Pick("users", "orders", "embeddings", "t", "public.users", "audit", "Users", "s.t");

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private string Pick(params string[] options) => options[_random.Next(options.Length)];
}
