using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>Who is calling, as a token signed by the gateway proves it: tenant, key id (or service) and scopes.</summary>
public sealed record CallerIdentity(string Tenant, string Subject, IReadOnlySet<string> Scopes)
{
    /// <summary>The validated token itself, to pass on when this service calls another on the caller's behalf.</summary>
    public string? Token { get; init; }

    /// <summary>The virtual key's input guard on an LLM request (see <see cref="PlatformClaims.InputGuard"/>), when the gateway set one.</summary>
    public string? InputGuard { get; init; }

    public bool Has(string scope) => PlatformScopes.Grants(Scopes, scope);

    public bool IsAdmin => Scopes.Contains(PlatformScopes.Admin);

    public bool IsService => Subject.StartsWith(PlatformClaims.ServiceSubjectPrefix, StringComparison.Ordinal);

    /// <summary>The caller of this request; only after the platform's authentication has run.</summary>
    public static CallerIdentity? Of(HttpContext context) => context.Features.Get<CallerIdentity>();

    public static ValueTask<CallerIdentity?> BindAsync(HttpContext context) => ValueTask.FromResult(Of(context));

    public ClaimsPrincipal ToPrincipal(string authenticationType) => new(new ClaimsIdentity(
    [
        new Claim(PlatformClaims.Subject, Subject),
        new Claim(PlatformClaims.Tenant, Tenant),
        .. Scopes.Select(s => new Claim(PlatformClaims.Scope, s)),
    ], authenticationType, PlatformClaims.Subject, null));
}
