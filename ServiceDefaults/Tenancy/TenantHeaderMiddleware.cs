using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using MlOps.ServiceDefaults.Api;

namespace MlOps.ServiceDefaults.Tenancy;

/// <summary>Refuses API calls that do not carry a well-formed tenant header; probes and documents are exempt.</summary>
public sealed partial class TenantHeaderMiddleware(RequestDelegate next)
{
    // Probes (including the Open Inference Protocol's), metrics and documents carry no tenant.
    private static readonly string[] ExemptPrefixes = ["/health", "/alive", "/metrics", "/openapi", "/scalar", "/v2/health"];

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problemDetails)
    {
        if (ExemptPrefixes.Any(p => context.Request.Path.StartsWithSegments(p)) || context.Request.Path == "/v2" || context.Request.Path == "/v2/")
        {
            await next(context);
            return;
        }
        var tenant = context.Request.Headers[TenantId.HeaderName].ToString();
        if (!TenantPattern().IsMatch(tenant))
        {
            await problemDetails.WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Missing tenant",
                $"The {TenantId.HeaderName} header is required (1-64 characters: letters, digits, '-', '_'); the gateway sets it from the API key.");
            return;
        }
        await next(context);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex TenantPattern();
}
