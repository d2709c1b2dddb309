using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MigrationChain.Hosting.Configuration;
using MigrationChain.Hosting.Startup;

namespace MigrationChain.Hosting;

/// <summary>Registers MigrationChain in a host's services.</summary>
public static class MigrationChainServiceCollectionExtensions
{
    /// <summary>
    /// Registers the application's <see cref="MigrationRunner"/> (a singleton, built on first use from the options),
    /// the startup migration or verification that <see cref="MigrationChainOptions.Startup"/> asks for, and what
    /// <see cref="MigrationChainHealthCheck"/> needs. Log events go to the host's <c>ILogger</c> under the category
    /// <c>MigrationChain</c> (see <see cref="MigrationChainEventIds"/>).
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddMigrationChain(options =>
    /// {
    ///     options.ConnectionStringName = "App";
    ///     options.Assemblies.Add(typeof(CreateUsers).Assembly);
    ///     options.Startup = MigrationStartup.Migrate;
    /// });
    /// </code>
    /// </example>
    public static IServiceCollection AddMigrationChain(this IServiceCollection services, Action<MigrationChainOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MigrationChainOptions>().Configure(configure);
        services.TryAddSingleton<ConfiguredRunner>();
        services.TryAddSingleton(provider => provider.GetRequiredService<ConfiguredRunner>().Runner);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MigrationStartupService>());
        return services;
    }
}
