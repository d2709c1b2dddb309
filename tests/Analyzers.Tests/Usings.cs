global using System.Collections.Immutable;
global using MigrationChain.Analyzers.Tests.Verification;
