namespace MlOps.Gateway.Llm.Streaming;

/// <summary>
/// A forwarded request's answer as the gateway saw it: the interceptor that carried it, and the stream filter of a chat
/// call (null for embeddings). Disposing it returns the interceptor's pooled buffers.
/// </summary>
public readonly record struct LlmExchange(LlmResponseInterceptor Interceptor, ChatStreamFilter? Filter) : IDisposable
{
    public void Dispose() => Interceptor.Dispose();
}
