using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Wiring for the rest_api source; needs <c>builder.AddSafeOutboundHttp()</c> as well.</summary>
public static class RestApiRegistration
{
    public static IHostApplicationBuilder AddRestApiSource(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RestApiOptions>()
            .BindConfiguration(RestApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RestApiSourceFactory>();
        builder.Services.AddSingleton<ISourceFactory, RestApiSourceType>();
        return builder;
    }
}
