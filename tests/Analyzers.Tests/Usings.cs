global using MigrationChain.Analyzers.Tests.Verification;
