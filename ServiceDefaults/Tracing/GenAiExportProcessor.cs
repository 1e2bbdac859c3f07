using System.Diagnostics;
using OpenTelemetry;

namespace MlOps.ServiceDefaults.Tracing;

/// <summary>The SDK's batching processor (bounded queue, background export) passing on only GenAI spans: the tracer wants LLM calls, not every request.</summary>
public sealed class GenAiExportProcessor(BaseExporter<Activity> exporter, TraceExportOptions options) : BatchActivityExportProcessor(exporter,
    options.MaxQueueSize, (int)options.ScheduledDelay.TotalMilliseconds, (int)options.ExportTimeout.TotalMilliseconds,
    Math.Min(options.MaxExportBatchSize, options.MaxQueueSize))
{
    /// <summary>The attribute every GenAI span carries (OpenTelemetry GenAI semantic conventions).</summary>
    public const string GenAiOperation = "gen_ai.operation.name";

    public override void OnEnd(Activity data)
    {
        if (IsGenAi(data))
        {
            base.OnEnd(data);
        }
    }

    public static bool IsGenAi(Activity activity) => activity.GetTagItem(GenAiOperation) is not null;
}
