namespace MlOps.Gateway.Llm.Models;

/// <summary>What came back from the provider, after filtering: usage (if reported), tokens counted, redactions, outcome, and the completion to cache (UTF-8 JSON).</summary>
public sealed record LlmAnswer(UsageReport? Usage, long CountedOutputTokens, int Redactions, string Outcome, ReadOnlyMemory<byte>? Completion)
{
    public bool Cacheable => Outcome == "ok" && Completion is not null;
}
