using System;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>
/// Registers fixes that only edit the diagnosed migration (MC5001, MC5003, MC5014): one action per diagnostic its
/// plan accepts, and a Fix All that applies the same plan to every diagnostic of a document. The recipe fixes that
/// also add migrations (MC5005, MC5008) go through <see cref="RecipeFixes"/> instead.
/// </summary>
internal static class InPlaceFixes
{
    public static FixAllProvider FixAll(Func<OnlineFixFacts, MigrationEdits, bool> plan) =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
            await MigrationEdits.ApplyAsync(document, diagnostics, plan, context.CancellationToken).ConfigureAwait(false));

    public static async Task RegisterAsync(CodeFixContext context, Func<OnlineFixFacts, MigrationEdits, bool> plan, string title, string equivalenceKey)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (OnlineFixFacts.Of(context.Document, root, diagnostic, context.CancellationToken) is { } facts && plan(facts, new MigrationEdits()))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        token => MigrationEdits.ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), plan, token),
                        equivalenceKey),
                    diagnostic);
            }
        }
    }
}
