using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>
/// Trades this service's credential for a token at the gateway's token endpoint (OAuth 2.0 client credentials, with the
/// tenant as a parameter) and keeps each tenant's token until shortly before it expires.
/// </summary>
public sealed class ServiceTokenSource(IHttpClientFactory httpClients, IOptions<IdentityOptions> options, TimeProvider time) : IServiceTokenSource
{
    public const string HttpClientName = "mlops-service-token";
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Renew)> _tokens = new(StringComparer.Ordinal);

    public async ValueTask<string> GetTokenAsync(string tenant, CancellationToken cancellationToken)
    {
        if (_tokens.TryGetValue(tenant, out var cached) && cached.Renew > time.GetUtcNow())
        {
            return cached.Token;
        }
        var settings = options.Value;
        if (settings.TokenUrl is null || string.IsNullOrEmpty(settings.ServiceName) || string.IsNullOrEmpty(settings.ServiceSecret))
        {
            throw new InvalidOperationException("This service has no identity to call others with: set MlOps:Identity:TokenUrl, ServiceName and ServiceSecret.");
        }
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = settings.ServiceName,
            ["client_secret"] = settings.ServiceSecret,
            ["tenant"] = tenant,
        });
        using var response = await httpClients.CreateClient(HttpClientName).PostAsync(settings.TokenUrl, form, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The gateway's token endpoint answered {(int)response.StatusCode} to {settings.ServiceName}.", null, response.StatusCode);
        }
        var answer = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
            ?? throw new HttpRequestException("The gateway's token endpoint answered without a token.");
        // Renewed at half its life, so a token never expires in flight.
        _tokens[tenant] = (answer.AccessToken, time.GetUtcNow().AddSeconds(answer.ExpiresIn / 2.0));
        return answer.AccessToken;
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
