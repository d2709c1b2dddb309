using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Lock;
using MigrationChain.Analyzers.OnlineSafety;
using MigrationChain.Analyzers.Reversibility;
using MigrationChain.Analyzers.SqlSafety;

namespace MigrationChain.Analyzers.Tests.Verification;

/// <summary>Runs analyzers the way the compiler does, outside the test framework, collecting any exception they throw.</summary>
internal static class Analysis
{
    public static ImmutableArray<DiagnosticAnalyzer> All { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(
        new ChainAnalyzer(),
        new MissingDowngradeAnalyzer(),
        new IrreversibleReasonAnalyzer(),
        new UnguardedAlterAnalyzer(),
        new DropWithoutIfExistsAnalyzer(),
        new AddColumnWithoutIfNotExistsAnalyzer(),
        new ReleasedMigrationEditedAnalyzer(),
        new BlockingIndexChangeAnalyzer(),
        new TableRewriteCommandAnalyzer(),
        new ConcurrentlyInTransactionAnalyzer(),
        new SeveralStatementsWithoutTransactionAnalyzer(),
        new ConstraintWithoutNotValidAnalyzer(),
        new ValidateInSameMigrationAnalyzer(),
        new UniqueWithoutIndexAnalyzer(),
        new SetNotNullScanAnalyzer(),
        new NotNullColumnWithoutDefaultAnalyzer(),
        new RewritingAddColumnAnalyzer(),
        new RewritingTypeChangeAnalyzer(),
        new RenameInUseAnalyzer(),
        new DropInUseAnalyzer(),
        new NoLockTimeoutAnalyzer(),
        new BackfillUnderDdlLockAnalyzer(),
        new TableOnParallelBranchAnalyzer());

    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Exceptions)> RunAsync(
        Compilation compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        string? sqlDialect = null,
        string? lockText = null)
    {
        var exceptions = new ConcurrentQueue<Exception>();
        var additional = lockText is null ? ImmutableArray<AdditionalText>.Empty : ImmutableArray.Create<AdditionalText>(new LockText(lockText));
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additional, new SettingsProvider(sqlDialect)),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken);
        return (diagnostics, exceptions.ToList());
    }

    /// <summary>A <c>migrations.lock</c> handed to the analyzers as MigrationChain.Build hands it over.</summary>
    private sealed class LockText : AdditionalText
    {
        private readonly string _text;

        public LockText(string text)
        {
            _text = text;
        }

        public override string Path => "/src/App/migrations.lock";

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
            Microsoft.CodeAnalysis.Text.SourceText.From(_text);
    }

    /// <summary>Answers <c>migrationchain.sql_dialect</c> for every file, as an .editorconfig would.</summary>
    private sealed class SettingsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Settings _settings;

        public SettingsProvider(string? dialect)
        {
            _settings = new Settings(dialect);
        }

        public override AnalyzerConfigOptions GlobalOptions => _settings;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _settings;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _settings;

        private sealed class Settings : AnalyzerConfigOptions
        {
            private readonly string? _dialect;

            public Settings(string? dialect)
            {
                _dialect = dialect;
            }

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = key == "migrationchain.sql_dialect" ? _dialect : null;
                return value is not null;
            }
        }
    }
}
