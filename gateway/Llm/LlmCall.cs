namespace MlOps.Gateway.Llm;

/// <summary>One LLM request under its key's policy: the tokens and cost reserved for it, and whether the cache applies.</summary>
public sealed class LlmCall
{
    private LlmRequest? _request;

    public LlmCall(LlmKeyPolicy policy, LlmRequest request, string tenant, long started, TokenCounter tokens, LlmOptions options)
    {
        (Policy, _request, Tenant, Started) = (policy, request, tenant, started);
        (Model, Stream, IsEmbeddings) = (request.Model, request.Stream, request.IsEmbeddings);
        // Tool definitions are read by the model too (providers bill them as input): their JSON text is the estimate.
        InputTokens = request.InputTexts().Sum(t => tokens.Count(request.Model, t))
            + (request.IsEmbeddings ? 0 : request.Body["messages"]!.AsArray().Count * TokenCounter.PerMessageOverhead + TokenCounter.PerReplyOverhead)
            + (request.Body["tools"] is System.Text.Json.Nodes.JsonArray tools ? tokens.Count(request.Model, tools.ToJsonString()) : 0);
        OutputCap = request.IsEmbeddings ? 0 : request.MaxTokens ?? options.DefaultMaxTokens;
        if (!request.IsEmbeddings && request.MaxTokens is null)
        {
            // The provider is told the cap the budget reserved, so the answer cannot outgrow its reservation.
            request.SetOutputCap(UsesCompletionTokens(request.Model) ? "max_completion_tokens" : "max_tokens", OutputCap);
        }
        HidesUsage = request.RequestStreamUsage();
        Price = options.PriceOf(request.Model);
        ReservedCostMicros = Price.Micros(InputTokens, OutputCap);
    }

    public LlmKeyPolicy Policy { get; }

    /// <summary>The parsed request, until <see cref="TakeBody"/> forwards it.</summary>
    public LlmRequest Request => _request ?? throw new InvalidOperationException("The request was let go when its body was forwarded.");

    public string Model { get; }
    public bool Stream { get; }
    public bool IsEmbeddings { get; }

    /// <summary>A stream whose usage the gateway asked the provider for, though the caller did not: the caller does not see it.</summary>
    public bool HidesUsage { get; }

    /// <summary>A stream whose caller asked for its usage (stream_options.include_usage).</summary>
    public bool ShowsStreamUsage => Stream && !HidesUsage;
    public string Tenant { get; }
    public long Started { get; }
    public int InputTokens { get; }
    public int OutputCap { get; }
    public ModelPrice Price { get; }
    public long ReservedTokens => InputTokens + OutputCap;
    public long ReservedCostMicros { get; }

    /// <summary>
    /// The body to forward. The parsed request is let go: a stream's state lives as long as the stream, and every young
    /// collection during it would copy the request's JSON tree again.
    /// </summary>
    public byte[] TakeBody()
    {
        var body = Request.ToUtf8();
        _request = null;
        return body;
    }

    /// <summary>MISS (look up, store), REFRESH (no-cache: store only), or BYPASS (not cacheable, no-store, or the cache is off).</summary>
    public string CacheStatus(HttpRequest request)
    {
        var control = request.Headers.CacheControl.ToString();
        if (Request.IsEmbeddings || Policy.Cache == CacheModes.Off || control.Contains("no-store", StringComparison.OrdinalIgnoreCase)
            || !(Request.Deterministic || Policy.CacheNondeterministic))
        {
            return CacheStatuses.Bypass;
        }
        return control.Contains("no-cache", StringComparison.OrdinalIgnoreCase) ? CacheStatuses.Refresh : CacheStatuses.Miss;
    }

    // OpenAI's reasoning models take max_completion_tokens and refuse max_tokens.
    private static bool UsesCompletionTokens(string model) => model.Length > 1 && model[0] is 'o' && char.IsDigit(model[1]);
}
