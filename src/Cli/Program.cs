using MigrationChain.Cli;

return await CliApplication.RunAsync(args).ConfigureAwait(false);
