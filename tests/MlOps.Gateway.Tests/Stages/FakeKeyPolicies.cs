using MlOps.Gateway.Llm.Admission;

namespace MlOps.Gateway.Tests.Stages;

/// <summary>One key's policy (or none), and the key ids asked for.</summary>
internal sealed class FakeKeyPolicies(LlmKeyPolicy? policy) : ILlmKeyPolicies
{
    public List<Guid> Asked { get; } = [];

    public ValueTask<LlmKeyPolicy?> FindAsync(Guid keyId, CancellationToken cancellationToken)
    {
        Asked.Add(keyId);
        return ValueTask.FromResult(policy);
    }
}
