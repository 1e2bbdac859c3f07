using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Gateway.Identity;

/// <summary>The gateway as the platform's token issuer: its public keys (JWKS) and service identities (client credentials).</summary>
public static partial class IdentityApi
{
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/jwks.json", (PlatformSigningKeys keys) => TypedResults.Text(keys.Jwks, "application/json"))
            .AllowAnonymous().WithTags("Identity").WithName("Jwks").WithSummary("The public keys that verify the gateway's identity tokens.");
        app.MapPost("/identity/token", IssueServiceToken).AllowAnonymous().DisableAntiforgery().WithTags("Identity").WithName("ServiceToken")
            .WithSummary("OAuth 2.0 client credentials for services: a token of the service's identity in a tenant (form: client_id, client_secret, tenant).");
        return app;
    }

    public static async Task<Results<JsonHttpResult<object>, JsonHttpResult<OAuthError>>> IssueServiceToken(HttpRequest request,
        PlatformTokenIssuer issuer, IOptions<GatewayIdentityOptions> options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Error(400, "invalid_request", "Send application/x-www-form-urlencoded with grant_type, client_id, client_secret and tenant.");
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return Error(400, "invalid_request", $"The form could not be read: {e.Message}");
        }
        if (form["grant_type"] != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
        }
        var (service, secret) = ClientCredentials(request, form);
        if (!options.Value.Services.TryGetValue(service, out var expected) || string.IsNullOrEmpty(expected)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(expected))
            || ServiceIdentities.ScopesOf(service) is not { } scopes)
        {
            return Error(401, "invalid_client", "Unknown service or wrong credential.");
        }
        var tenant = form["tenant"].ToString();
        if (!TenantPattern().IsMatch(tenant))
        {
            return Error(400, "invalid_request", "tenant must be 1-64 letters, digits, '-' or '_'.");
        }
        var lifetime = options.Value.TokenLifetime;
        var token = issuer.Issue(tenant, PlatformClaims.ServiceSubjectPrefix + service, scopes, lifetime);
        return TypedResults.Json<object>(new { access_token = token, token_type = "Bearer", expires_in = (int)lifetime.TotalSeconds });
    }

    /// <summary>
    /// The client's id and secret from HTTP Basic authentication (RFC 6749 2.3.1, as OAuth libraries such as Alertmanager's
    /// send them, each form-encoded) or else from the form.
    /// </summary>
    private static (string Id, string Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(pair[..colon].Replace('+', ' ')), Uri.UnescapeDataString(pair[(colon + 1)..].Replace('+', ' ')));
                }
            }
            catch (FormatException)
            {
                // Not Base64: treated as no credentials, which the caller refuses as invalid_client.
            }
            return ("", "");
        }
        return (form["client_id"].ToString(), form["client_secret"].ToString());
    }

    private static JsonHttpResult<OAuthError> Error(int status, string error, string description) =>
        TypedResults.Json(new OAuthError(error, description), statusCode: status);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex TenantPattern();

    /// <summary>RFC 6749's error answer.</summary>
    public sealed record OAuthError(
        [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
        [property: System.Text.Json.Serialization.JsonPropertyName("error_description")] string Description);
}
