namespace MlOps.AgentOpsTracer.Tests;

/// <summary>
/// The OTLP exporter sends synchronously (HttpClient.Send); the in-process test server only answers SendAsync, so this
/// handler bridges the two for the test.
/// </summary>
public sealed class BlockingSendHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();
}
