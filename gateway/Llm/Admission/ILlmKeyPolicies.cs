namespace MlOps.Gateway.Llm.Admission;

/// <summary>Finds a virtual key's LLM policy; null when the key is not a virtual key.</summary>
public interface ILlmKeyPolicies
{
    ValueTask<LlmKeyPolicy?> FindAsync(Guid keyId, CancellationToken cancellationToken);
}
