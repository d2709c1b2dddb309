using System.Text;

namespace MigrationChain.Benchmarks.Analyzers;

/// <summary>
/// Writes a class library with one migration per file, shaped like a real chain: every tenth migration creates a
/// table, the others alter, index or extend recent tables (with IF [NOT] EXISTS, guards, constants and raw strings),
/// every Downgrade undoes its Upgrade, and every hundred revisions two short branches fork and are merged again.
/// The chain is clean, so the numbers measure analysis, not diagnostics.
/// </summary>
internal static class GeneratedProject
{
    public static string Write(string directory, int migrations, BenchmarkInputs inputs)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var sources = Path.Combine(directory, "Migrations");
        Directory.CreateDirectory(sources);

        // Empty imports stop the repository's own build settings (warnings as errors, central versions) from applying.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        var project = Path.Combine(directory, $"Migrations{migrations}.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>disable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <!-- Only MigrationChain's analyzers run, so their share is measured against a plain compile. -->
                <EnableNETAnalyzers>false</EnableNETAnalyzers>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="MigrationChain.Runtime" HintPath="{inputs.Runtime}" />
                <Reference Include="MigrationChain.Rules" HintPath="{inputs.Rules}" />
                <Analyzer Include="{inputs.Analyzers}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, ".editorconfig"), "root = true\n\n[*.cs]\nmigrationchain.sql_dialect = postgres\n");

        var chain = new ChainShape(migrations);
        foreach (var migration in chain.Migrations)
        {
            File.WriteAllText(Path.Combine(sources, migration.ClassName + ".cs"), Source(migration));
        }

        return project;
    }

    private static string Source(PlannedMigration migration)
    {
        var parents = migration.Parents.Count switch
        {
            0 => string.Empty,
            1 => $", Parent = \"{migration.Parents[0]}\"",
            _ => ", Parents = new[] { " + string.Join(", ", migration.Parents.Select(p => $"\"{p}\"")) + " }",
        };
        var (upgrade, downgrade) = Bodies(migration);
        return $$"""
            using MigrationChain;

            namespace Bench.Migrations;

            /// <summary>Generated benchmark migration {{migration.Number}}.</summary>
            [Migration("{{migration.Revision}}"{{parents}})]
            public sealed class {{migration.ClassName}} : Migration
            {
                private const string Table = "{{migration.Table}}";

                public override void Upgrade(MigrationBuilder m)
                {
            {{upgrade}}
                }

                public override void Downgrade(MigrationBuilder m)
                {
            {{downgrade}}
                }
            }
            """;
    }

    private static (string Upgrade, string Downgrade) Bodies(PlannedMigration migration)
    {
        var n = migration.Number;
        var table = migration.Table;
        if (migration.IsMerge)
        {
            return ("        // Joins the two branches.", "        // Nothing to undo.");
        }

        return (n % 10) switch
        {
            0 => (
                """"
                        m.Sql("""
                            CREATE TABLE {{table}} (
                                id         bigint PRIMARY KEY,
                                created_at timestamptz NOT NULL DEFAULT now(), -- when
                                payload    jsonb
                            );
                            CREATE INDEX ix_{{table}}_created ON {{table}} (created_at);
                            """);
                """".Replace("{{table}}", table, StringComparison.Ordinal),
                $"        m.Sql(\"DROP INDEX IF EXISTS ix_{table}_created; DROP TABLE IF EXISTS {table}\");"),
            3 => (
                $"        if (m.TableExists(Table))\n        {{\n            m.Sql(\"ALTER TABLE \" + Table + \" ALTER COLUMN payload TYPE jsonb\");\n        }}",
                "        m.Sql(\"SELECT 1\");"),
            6 => (
                $"        m.Sql(\"CREATE INDEX IF NOT EXISTS ix_{table}_{n} ON {table} (id)\");",
                $"        m.Sql(\"DROP INDEX IF EXISTS ix_{table}_{n}\");"),
            _ => (
                $"        m.Sql(@\"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS c{n} text\");",
                $"        m.Sql(\"ALTER TABLE {table} DROP COLUMN IF EXISTS c{n}\");"),
        };
    }

    /// <summary>A migration to write: its place in the chain and the table it works on.</summary>
    private sealed record PlannedMigration(int Number, string Revision, IReadOnlyList<string> Parents, string Table, bool IsMerge)
    {
        public string ClassName => "M" + Revision;
    }

    /// <summary>A mostly linear chain with a two-branch fork and merge every hundred revisions.</summary>
    private sealed class ChainShape
    {
        public ChainShape(int count)
        {
            var head = (string?)null;
            var lastTable = "t00000";
            for (var n = 0; n < count; n++)
            {
                var revision = n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
                if (n % 10 == 0)
                {
                    lastTable = "t" + revision;
                }

                IReadOnlyList<string> parents = head is null ? Array.Empty<string>() : new[] { head };
                var isMerge = false;
                if (n % 100 == 52 && _branch is not null)
                {
                    parents = new[] { _branch, head! };
                    isMerge = true;
                    _branch = null;
                }
                else if (n % 100 == 50 && head is not null)
                {
                    _forkParent = head;
                }
                else if (n % 100 == 51 && _forkParent is not null)
                {
                    // Forks from the same parent as migration 50 (so 50's new table is not its to touch): a
                    // parallel branch, joined by migration 52.
                    parents = new[] { _forkParent };
                    _branch = revision;
                    Migrations.Add(new PlannedMigration(n, revision, parents, "t" + (n - 11).ToString("D6", System.Globalization.CultureInfo.InvariantCulture), isMerge));
                    continue;
                }

                Migrations.Add(new PlannedMigration(n, revision, parents, lastTable, isMerge));
                head = revision;
            }
        }

        private string? _forkParent;
        private string? _branch;

        public List<PlannedMigration> Migrations { get; } = new();
    }
}
