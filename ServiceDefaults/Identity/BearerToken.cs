using Microsoft.AspNetCore.Http;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>Reads <c>Authorization: Bearer &lt;token&gt;</c>: the API key at the gateway, the signed identity and the metrics credential at services.</summary>
public static class BearerToken
{
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}
