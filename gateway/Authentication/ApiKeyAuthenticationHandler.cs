using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using MlOps.OpenAi;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Gateway.Authentication;

/// <summary>Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>; failures answer 401/403 ProblemDetails.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IProblemDetailsService problemDetails) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }
        var identity = await keys.FindActiveAsync(key, Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("The API key is unknown, expired or revoked.");
        }
        // The request's spans (and any GenAI span under them) carry the key's tenant and id, for the tracer.
        MlOps.ServiceDefaults.Tracing.SpanTenant.Stamp(System.Diagnostics.Activity.Current, identity.TenantId, identity.Id.ToString());
        Claim[] claims =
        [
            new(GatewayClaims.KeyId, identity.Id.ToString()),
            new(GatewayClaims.Tenant, identity.TenantId),
            new(ClaimTypes.Name, identity.Name),
            .. identity.Scopes.Select(s => new Claim(GatewayClaims.Scope, s)),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Request.Path.StartsWithSegments("/v1")
            ? WriteOpenAiErrorAsync(ReadKey(Request) is null
                ? "Send a virtual key as 'Authorization: Bearer <key>'."
                : "The API key is unknown, expired or revoked.")
            : WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            ReadKey(Request) is null
                ? $"Send an API key as 'Authorization: Bearer <key>' or '{ApiKeyHeader}: <key>'."
                : "The API key is unknown, expired or revoked.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "The API key does not have the scope this endpoint requires.");

    // The OpenAI SDKs read this shape; the /v1 routes are theirs.
    private Task WriteOpenAiErrorAsync(string message)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return new OpenAiError(StatusCodes.Status401Unauthorized, message, "invalid_request_error", "invalid_api_key").WriteAsync(Response);
    }

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }
        await problemDetails.WriteProblemAsync(Context, status, title, detail);
    }

    private static string? ReadKey(HttpRequest request)
    {
        if (BearerToken.Read(request) is { } bearer)
        {
            return bearer;
        }
        var apiKey = request.Headers[ApiKeyHeader].ToString();
        return string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();
    }
}
