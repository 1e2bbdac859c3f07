using MlOps.Guardrails.Injection;

namespace MlOps.Gateway.Llm.Caching;

/// <summary>
/// The gateway's one all-MiniLM-L6-v2 session, loaded on first use: the learned input guard and the semantic cache share
/// it (a session holds ~150 MiB of weights; two would hold them twice).
/// </summary>
public sealed class MiniLmModel : IDisposable
{
    private readonly Lazy<MiniLmInjectionHead> _head = new(() => new MiniLmInjectionHead());

    public MiniLmInjectionHead Head => _head.Value;

    public void Dispose()
    {
        if (_head.IsValueCreated)
        {
            _head.Value.Dispose();
        }
    }
}
