using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOps.ServiceDefaults.Shutdown;

namespace Microsoft.Extensions.Hosting;

public static partial class Extensions
{
    /// <summary>
    /// Drains a stopping replica before its port closes (<c>MlOps:Shutdown:DrainDelay</c>; off unless configured) and adds
    /// <see cref="LeaseHandback"/>, which hands leased work back as the replica stops.
    /// </summary>
    public static TBuilder AddShutdownDrain<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ShutdownDrain>();
        builder.Services.TryAddSingleton<LeaseHandback>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ShutdownDrain>(services => services.GetRequiredService<ShutdownDrain>()));
        builder.Services.AddHealthChecks().AddCheck<ShutdownDrain>("draining");
        return builder;
    }
}
