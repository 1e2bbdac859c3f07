using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;

namespace MlOps.Gateway.Tests.Stages;

/// <summary>The usage rows a stage recorded, kept in order; admits requests until told not to.</summary>
internal sealed class RecordingUsageSink(bool admit = true) : ILlmUsageSink
{
    public List<LlmUsage> Rows { get; } = [];

    public bool TryAdmit() => admit;

    public void Record(LlmUsage usage) => Rows.Add(usage);
}
