using MlOps.ServiceDefaults.Identity;

namespace MlOps.Registry.Services;

/// <summary>Who is calling, as the gateway's signed token proves it: key id (or service) and scopes.</summary>
public sealed record RegistryCaller(string? KeyId, IReadOnlySet<string> Scopes)
{
    public const string WriteScope = "registry:write";
    public const string PromoteScope = "registry:promote";
    public bool Has(string scope) => PlatformScopes.Grants(Scopes, scope);

    public bool IsAdmin => Scopes.Contains(PlatformScopes.Admin);

    public static ValueTask<RegistryCaller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(CallerIdentity.Of(context) is { } caller ? new RegistryCaller(caller.Subject, caller.Scopes) : null);
}
