using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Makes a <see cref="RestApiSource"/> from a dlt rest_api config; an invalid config throws <see cref="SourceConfigException"/>.</summary>
public sealed class RestApiSourceFactory(
    SafeOutboundHttp http, IOptions<RestApiOptions> options, TimeProvider time, ILogger<RestApiSource> logger)
{
    public RestApiSource Create(JsonElement config) => new(RestApiConfig.Parse(config), http, options.Value, time, logger);
}
