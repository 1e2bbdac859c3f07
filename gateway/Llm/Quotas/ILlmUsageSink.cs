using MlOps.Gateway.Llm.Models;

namespace MlOps.Gateway.Llm.Quotas;

/// <summary>Where usage rows go: a slot is taken for a request's row before it is served, and the row is queued once known.</summary>
public interface ILlmUsageSink
{
    /// <summary>Takes a slot for one request's row; false when none is free (the request is to be shed).</summary>
    bool TryAdmit();

    /// <summary>Queues the row of an admitted request.</summary>
    void Record(LlmUsage usage);
}
