namespace MlOps.Registry.Services;

/// <summary>Who is calling, as the gateway proved it from the API key: key id and scopes.</summary>
public sealed record RegistryCaller(string? KeyId, IReadOnlySet<string> Scopes)
{
    public const string WriteScope = "registry:write";
    public const string PromoteScope = "registry:promote";
    private const string AdminScope = "admin";

    public bool Has(string scope) => Scopes.Contains(scope) || IsAdmin;

    public bool IsAdmin => Scopes.Contains(AdminScope);

    public static ValueTask<RegistryCaller?> BindAsync(HttpContext context)
    {
        var scopes = context.Request.Headers["X-MlOps-Scopes"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var keyId = context.Request.Headers["X-MlOps-Key-Id"].ToString();
        return ValueTask.FromResult<RegistryCaller?>(new RegistryCaller(keyId.Length > 0 ? keyId : null, scopes.ToHashSet(StringComparer.Ordinal)));
    }
}
