using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Models;

namespace MlOps.Gateway.Llm.Quotas;

/// <summary>
/// Prometheus-exported LLM metrics: tokens, cost, requests by cache status and outcome, blocks and redactions. The model
/// tag is the caller's choice, so its values are bounded: priced models, then the first
/// <see cref="LlmOptions.MetricModelNames"/> other names seen, then "other".
/// </summary>
public sealed class LlmMetrics
{
    public const string MeterName = "MlOps.Gateway.Llm";
    public const string OtherModel = "other";

    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _outputFindings;
    private readonly IOptions<LlmOptions> _options;
    private readonly ConcurrentDictionary<string, byte> _unpricedNames = new(StringComparer.Ordinal);

    public LlmMetrics(IMeterFactory meterFactory, IOptions<LlmOptions> options)
    {
        _options = options;
        var meter = meterFactory.Create(MeterName);
        _tokens = meter.CreateCounter<long>("mlops.llm.tokens", "{token}", "Tokens charged, by model and direction (input, output)");
        _cost = meter.CreateCounter<double>("mlops.llm.cost", "{currency}", "Cost charged, by model");
        _requests = meter.CreateCounter<long>("mlops.llm.requests", "{request}", "LLM requests by model, cache status (HIT, MISS, BYPASS) and outcome; the hit ratio is HIT over all");
        _outputFindings = meter.CreateCounter<long>("mlops.llm.output.findings", "{finding}", "PII and secrets redacted or blocked in answers");
    }

    public void Record(LlmUsage usage, int outputFindings)
    {
        var model = new KeyValuePair<string, object?>("model", ModelTag(usage.Model));
        _tokens.Add(usage.InputTokens, model, new("direction", "input"));
        _tokens.Add(usage.OutputTokens, model, new("direction", "output"));
        _cost.Add(usage.CostMicros / 1_000_000.0, model);
        _requests.Add(1, model, new("cache", usage.CacheStatus), new("outcome", usage.Outcome));
        if (outputFindings > 0)
        {
            _outputFindings.Add(outputFindings, model);
        }
    }

    /// <summary>The model's tag value: its name while distinct names stay within the bound, else "other".</summary>
    public string ModelTag(string model)
    {
        if (_options.Value.Prices.ContainsKey(model) || _unpricedNames.ContainsKey(model))
        {
            return model;
        }
        lock (_unpricedNames)
        {
            if (_unpricedNames.Count >= _options.Value.MetricModelNames)
            {
                return _unpricedNames.ContainsKey(model) ? model : OtherModel;
            }
            _unpricedNames.TryAdd(model, 0);
            return model;
        }
    }
}
