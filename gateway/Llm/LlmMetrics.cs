using System.Diagnostics.Metrics;

namespace MlOps.Gateway.Llm;

/// <summary>Prometheus-exported LLM metrics: tokens, cost, requests by cache status and outcome, blocks and redactions.</summary>
public sealed class LlmMetrics
{
    public const string MeterName = "MlOps.Gateway.Llm";

    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _outputFindings;

    public LlmMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _tokens = meter.CreateCounter<long>("mlops.llm.tokens", "{token}", "Tokens charged, by model and direction (input, output)");
        _cost = meter.CreateCounter<double>("mlops.llm.cost", "{currency}", "Cost charged, by model");
        _requests = meter.CreateCounter<long>("mlops.llm.requests", "{request}", "LLM requests by model, cache status (HIT, MISS, BYPASS) and outcome; the hit ratio is HIT over all");
        _outputFindings = meter.CreateCounter<long>("mlops.llm.output.findings", "{finding}", "PII and secrets redacted or blocked in answers");
    }

    public void Record(LlmUsage usage, int outputFindings)
    {
        var model = new KeyValuePair<string, object?>("model", usage.Model);
        _tokens.Add(usage.InputTokens, model, new("direction", "input"));
        _tokens.Add(usage.OutputTokens, model, new("direction", "output"));
        _cost.Add(usage.CostMicros / 1_000_000.0, model);
        _requests.Add(1, model, new("cache", usage.CacheStatus), new("outcome", usage.Outcome));
        if (outputFindings > 0)
        {
            _outputFindings.Add(outputFindings, model);
        }
    }
}
