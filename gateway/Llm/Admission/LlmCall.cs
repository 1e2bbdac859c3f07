using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.ServiceDefaults.Llm;

namespace MlOps.Gateway.Llm.Admission;

/// <summary>One LLM request under its key's policy: the tokens and cost reserved for it, and whether the cache applies.</summary>
public sealed class LlmCall
{
    private LlmRequest? _request;

    public LlmCall(LlmKeyPolicy policy, LlmRequest request, string tenant, long started, TokenCounter tokens, LlmOptions options)
    {
        (Policy, _request, Tenant, Started) = (policy, request, tenant, started);
        (Model, Stream, IsEmbeddings) = (request.Model, request.Stream, request.IsEmbeddings);
        InputTokens = request.InputTexts().Sum(t => tokens.Count(request.Model, t))
            + (request.IsEmbeddings ? 0 : request.Body["messages"]!.AsArray().Count * TokenCounter.PerMessageOverhead + TokenCounter.PerReplyOverhead)
            + ToolTokens(request, tokens);
        OutputCap = request.IsEmbeddings ? 0 : request.MaxTokens ?? options.DefaultMaxTokens;
        // Each of n choices may use the whole cap: the reservation covers them all.
        Choices = request.IsEmbeddings ? 1 : request.Choices;
        if (!request.IsEmbeddings && request.MaxTokens is null)
        {
            // The provider is told the cap the budget reserved, so the answer cannot outgrow its reservation.
            request.SetOutputCap(UsesCompletionTokens(request.Model) ? "max_completion_tokens" : "max_tokens", OutputCap);
        }
        HidesUsage = request.RequestStreamUsage();
        (Price, PriceIsDefault) = options.PriceOf(request.Model);
        ReservedCostMicros = Price?.Micros(InputTokens, ReservedOutputTokens) ?? 0;
    }

    public LlmKeyPolicy Policy { get; }

    /// <summary>The parsed request, until <see cref="TakeBody"/> forwards it.</summary>
    public LlmRequest Request => _request ?? throw new InvalidOperationException("The request was let go when its body was forwarded.");

    public string Model { get; }
    public bool Stream { get; }
    public bool IsEmbeddings { get; }

    /// <summary>The output guard the answer goes through (embeddings have no text to guard).</summary>
    public string OutputGuard => IsEmbeddings ? OutputGuards.Off : Policy.OutputGuard;

    /// <summary>A stream whose usage the gateway asked the provider for, though the caller did not: the caller does not see it.</summary>
    public bool HidesUsage { get; }

    /// <summary>A stream whose caller asked for its usage (stream_options.include_usage).</summary>
    public bool ShowsStreamUsage => Stream && !HidesUsage;
    public string Tenant { get; }
    public long Started { get; }
    public int InputTokens { get; }
    public int OutputCap { get; }

    /// <summary>The n of the request: choices the provider writes, each up to <see cref="OutputCap"/>.</summary>
    public int Choices { get; }

    /// <summary>The output tokens reserved: the cap for every choice.</summary>
    public long ReservedOutputTokens => (long)OutputCap * Choices;

    /// <summary>The model's price, or null when it has none (then a cost budget refuses it).</summary>
    public ModelPrice? Price { get; }

    /// <summary>Whether <see cref="Price"/> is the configured default, not the model's own.</summary>
    public bool PriceIsDefault { get; }
    public long ReservedTokens => InputTokens + ReservedOutputTokens;
    public long ReservedCostMicros { get; }

    /// <summary>The cost of the tokens at the model's price (nothing for an unpriced model, which no cost budget lets through).</summary>
    public long CostOf(int input, int output, int cached) => Price?.Micros(input, output, cached) ?? 0;

    /// <summary>Set once the request's usage row is recorded: every request that got this far leaves exactly one.</summary>
    public bool Recorded { get; set; }

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

    // The model reads tool definitions (tools, or the older functions) and the names of the tools it called (their
    // arguments are input texts already; a legacy function_call is counted whole): providers bill them as input, so their JSON text is part of the estimate.
    private static int ToolTokens(LlmRequest request, TokenCounter tokens)
    {
        if (request.IsEmbeddings)
        {
            return 0;
        }
        var count = 0;
        foreach (var field in (ReadOnlySpan<string>)["tools", "functions", "tool_choice"])
        {
            if (request.Body[field] is System.Text.Json.Nodes.JsonNode definitions)
            {
                count += tokens.Count(request.Model, definitions.ToJsonString());
            }
        }
        foreach (var message in request.Body["messages"]!.AsArray())
        {
            if (message?["tool_calls"] is System.Text.Json.Nodes.JsonArray calls)
            {
                count += calls.Sum(call => tokens.Count(request.Model, call?["function"]?["name"]?.ToString() ?? ""));
            }
            if (message?["function_call"] is System.Text.Json.Nodes.JsonObject call)
            {
                count += tokens.Count(request.Model, call.ToJsonString());
            }
        }
        return count;
    }

    // OpenAI's reasoning models take max_completion_tokens and refuse max_tokens.
    private static bool UsesCompletionTokens(string model) => model.Length > 1 && model[0] is 'o' && char.IsDigit(model[1]);
}
