using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MigrationChain;
using MigrationChain.Hosting;
using MigrationChain.Tests.HostApp;

// Everything comes from configuration, as in a deployed app: ConnectionStrings__App and MigrationChain__* in the
// environment. Logs are JSON lines on stdout. Exit codes: 0 started, 1 startup refused or failed, 3 stopped while starting.
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(json => json.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false });
builder.Logging.SetMinimumLevel(LogLevel.Debug);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

// Registered before MigrationChain on purpose: lifecycle ordering, not registration order, must keep it waiting.
builder.Services.AddHostedService<ServingProbe>();
builder.Services.AddMigrationChain(options =>
{
    builder.Configuration.GetSection("MigrationChain").Bind(options);
    options.Assemblies.Add(typeof(RecordedMigration).Assembly);
});

using var host = builder.Build();
try
{
    await host.StartAsync();
    await host.StopAsync();
    return 0;
}
catch (OperationCanceledException)
{
    return 3;
}
catch (MigrationChainException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
