using System.Diagnostics;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Models;
using MlOps.OpenAi;

namespace MlOps.Gateway.Llm.Quotas;

/// <summary>
/// Usage recording: admits a request only when its usage row has room, and leaves exactly one row (and its metrics) per
/// admitted request, charged or not.
/// </summary>
public sealed class LlmUsageStage(ILlmUsageSink rows, LlmMetrics metrics)
{
    /// <summary>True when the request's row is promised; false when it was shed (503 with Retry-After, answered).</summary>
    public async ValueTask<bool> TryAdmitAsync(HttpResponse response)
    {
        // The request's usage row is promised now: when the recorder's queue is full, the request is shed rather than queued.
        if (rows.TryAdmit())
        {
            return true;
        }
        response.Headers.RetryAfter = "1";
        await new OpenAiError(503, "The gateway is recording more usage than it can write; retry shortly.", "server_error", "overloaded")
            .WriteAsync(response);
        return false;
    }

    /// <summary>The row of a request that ended before any stage recorded it (an exception, the client gone): nothing charged.</summary>
    public void RecordUnfinished(LlmCall call, bool clientAborted)
    {
        if (!call.Recorded)
        {
            Record(call, 0, 0, 0, 0, CacheStatuses.Bypass, clientAborted ? "client_aborted" : "error", 0);
        }
    }

    /// <summary>Settles the holds and records the row together, with nothing between them that can fail: the usage rows add up to the charges.</summary>
    public void Charge(LlmCall call, LlmQuotas.Holds holds, int input, int output, int cached, long cost, string cacheStatus, string outcome, int redactions)
    {
        holds.Settle(input + output, cost);
        Record(call, input, output, cached, cost, cacheStatus, outcome, redactions);
    }

    public void Record(LlmCall call, int input, int output, int cached, long cost, string cacheStatus, string outcome, int redactions)
    {
        var row = new LlmUsage(Guid.CreateVersion7(), call.Policy.KeyId, call.Tenant, call.Policy.Team, call.Model, input, output, cached, cost,
            cacheStatus, Stopwatch.GetElapsedTime(call.Started).TotalMilliseconds, outcome, call.Stream);
        call.Recorded = true;
        rows.Record(row);
        metrics.Record(row, redactions);
    }
}
