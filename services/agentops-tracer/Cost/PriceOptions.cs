using MlOps.ServiceDefaults.Llm;

namespace MlOps.AgentOpsTracer.Cost;

/// <summary>The price table, bound from MlOps:Tracer (so prices sit at MlOps:Tracer:Prices:&lt;model&gt;).</summary>
public sealed class PriceOptions
{
    public const string SectionName = "MlOps:Tracer";

    /// <summary>Prices per model name (per million tokens).</summary>
    public Dictionary<string, ModelPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
