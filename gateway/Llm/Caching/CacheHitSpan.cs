using System.Diagnostics;
using System.Globalization;
using MlOps.Gateway.Llm.Admission;
using MlOps.ServiceDefaults.Tracing;

namespace MlOps.Gateway.Llm.Caching;

/// <summary>
/// The GenAI span of an answer the edge served from its cache. No provider was called, so guardrail-gateway made no span;
/// this one puts the call in its session with zero tokens (nothing was billed, so the tracer's cost is 0) and the cache marked.
/// </summary>
public static class CacheHitSpan
{
    // Named after the gateway's assembly, whose source the shared OpenTelemetry set-up already listens to.
    public static readonly ActivitySource Source = new(typeof(CacheHitSpan).Assembly.GetName().Name!);

    public static void Record(HttpRequest request, LlmCall call, double similarity)
    {
        using var activity = Source.StartActivity($"chat {call.Model}", ActivityKind.Internal);
        if (activity is null)
        {
            return;
        }
        activity.SetTag(GenAiExportProcessor.GenAiOperation, "chat");
        activity.SetTag("gen_ai.provider.name", "mlops.gateway.cache");
        activity.SetTag("gen_ai.request.model", call.Model);
        activity.SetTag("gen_ai.usage.input_tokens", 0);
        activity.SetTag("gen_ai.usage.output_tokens", 0);
        activity.SetTag("mlops.cache.hit", true);
        activity.SetTag("mlops.cache.similarity", similarity.ToString("0.0000", CultureInfo.InvariantCulture));
        var user = call.Request.Body["user"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var name) ? name : null;
        LlmSession.Tag(activity, LlmSession.Of(request, user));
    }
}
