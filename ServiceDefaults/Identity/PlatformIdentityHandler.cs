using System.Net.Http.Headers;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>Puts the identity a request was marked with (<see cref="PlatformCall"/>) into its Authorization header.</summary>
public sealed class PlatformIdentityHandler(IServiceTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(PlatformCall.OnBehalfOfKey, out var callerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", callerToken);
        }
        else if (request.Options.TryGetValue(PlatformCall.TenantKey, out var tenant))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(tenant, cancellationToken));
        }
        else
        {
            throw new InvalidOperationException($"A call to {request.RequestUri} was not marked with an identity (AsService or OnBehalfOf).");
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
