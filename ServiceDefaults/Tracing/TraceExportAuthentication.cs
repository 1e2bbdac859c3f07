using System.Net.Http.Headers;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.ServiceDefaults.Tracing;

/// <summary>
/// Puts this service's own identity token on each export request, so the tracer knows the spans come from the platform and
/// may trust their <c>mlops.tenant</c>. The OTLP exporter sends synchronously on its own thread, hence both overrides.
/// </summary>
public sealed class TraceExportAuthentication(IServiceTokenSource tokens, string tenant) : DelegatingHandler(new SocketsHttpHandler
{
    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
})
{
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The exporter's dedicated thread, not a request thread: blocking here starves nothing; the token is cached.
        Authorize(request, tokens.GetTokenAsync(tenant, cancellationToken).AsTask().GetAwaiter().GetResult());
        return base.Send(request, cancellationToken);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request, await tokens.GetTokenAsync(tenant, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    private static void Authorize(HttpRequestMessage request, string token) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
}
