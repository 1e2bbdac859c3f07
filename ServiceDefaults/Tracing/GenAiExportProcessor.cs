using System.Diagnostics;
using OpenTelemetry;

namespace MlOps.ServiceDefaults.Tracing;

/// <summary>
/// The SDK's batching processor (bounded queue, background export) passing on only GenAI spans and the guardrail verdicts on
/// LLM requests (a blocked request has no GenAI span): the tracer wants LLM calls, not every request.
/// </summary>
public sealed class GenAiExportProcessor(BaseExporter<Activity> exporter, TraceExportOptions options) : BatchActivityExportProcessor(exporter,
    options.MaxQueueSize, (int)options.ScheduledDelay.TotalMilliseconds, (int)options.ExportTimeout.TotalMilliseconds,
    Math.Min(options.MaxExportBatchSize, options.MaxQueueSize))
{
    /// <summary>The attribute every GenAI span carries (OpenTelemetry GenAI semantic conventions).</summary>
    public const string GenAiOperation = "gen_ai.operation.name";

    /// <summary>guardrail-gateway's verdict on a request it flagged or blocked (the tracer's guardrail_finding rule reads it).</summary>
    public const string GuardrailAction = "mlops.guardrail.action";

    public override void OnEnd(Activity data)
    {
        if (IsExported(data))
        {
            base.OnEnd(data);
        }
    }

    public static bool IsExported(Activity activity) => activity.GetTagItem(GenAiOperation) is not null || activity.GetTagItem(GuardrailAction) is not null;
}
