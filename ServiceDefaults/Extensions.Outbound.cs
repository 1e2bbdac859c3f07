using System.Net;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Outbound;
using OpenTelemetry.Instrumentation.Http;

namespace Microsoft.Extensions.Hosting;

public static partial class Extensions
{
    /// <summary>
    /// Registers <see cref="SafeOutboundHttp"/>, the client for every call to a user-supplied URL or host: public addresses
    /// only unless MlOps:Outbound:Allow names them (checked when connecting, for every resolved address), no redirects,
    /// no proxy, no service discovery, no resilience handler, a timeout and a bounded answer.
    /// </summary>
    public static TBuilder AddSafeOutboundHttp<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<OutboundOptions>()
            .BindConfiguration(OutboundOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<OutboundConnector>();
        builder.Services.AddSingleton<SafeOutboundHttp>();
        builder.Services.AddHttpClient(SafeOutboundHttp.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services =>
            {
                var options = services.GetRequiredService<IOptions<OutboundOptions>>().Value;
                return new SocketsHttpHandler
                {
                    ConnectCallback = services.GetRequiredService<OutboundConnector>().ConnectAsync,
                    AllowAutoRedirect = false,
                    // A proxy would be the address connected to, not the destination.
                    UseProxy = false,
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    ConnectTimeout = options.Timeout,
                    MaxResponseHeadersLength = 16,
                    MaxResponseDrainSize = 64 * 1024,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                };
            })
            // Service discovery would turn http://<resource-name> into an internal service, and retries would repeat
            // calls their callers count and space themselves: both come from ConfigureHttpClientDefaults, both go here.
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear())
            // The default logging handlers write whole URLs, and webhook URLs often carry their secret in the path.
            .RemoveAllLoggers();
        builder.Services.Configure<HttpClientTraceInstrumentationOptions>(tracing =>
        {
            var enrich = tracing.EnrichWithHttpRequestMessage;
            tracing.EnrichWithHttpRequestMessage = (activity, request) =>
            {
                enrich?.Invoke(activity, request);
                if (request.Options.TryGetValue(SafeOutboundHttp.Marker, out _) && request.RequestUri is { IsAbsoluteUri: true } url)
                {
                    activity.SetTag("url.full", url.GetLeftPart(UriPartial.Authority) + "/");
                }
            };
        });
        return builder;
    }
}
