using System.Diagnostics;
using MlOps.ServiceDefaults.Tracing;
using OpenTelemetry;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>What the platform's export to the tracer passes on: GenAI spans and guardrail verdicts, nothing else.</summary>
public sealed class GenAiExportProcessorTests
{
    [Fact]
    public void OnEnd_MixedSpans_ExportsOnlyGenAiSpansAndGuardrailVerdicts()
    {
        var exporter = new CollectingExporter();
        using var processor = new GenAiExportProcessor(exporter, new TraceExportOptions { ScheduledDelay = TimeSpan.FromMinutes(10) });

        processor.OnEnd(Ended("GET /health"));
        processor.OnEnd(Ended("chat dev-chat", ("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "dev-chat")));
        processor.OnEnd(Ended("SELECT", ("db.system", "postgresql")));
        processor.OnEnd(Ended("POST /v1/chat/completions", ("mlops.guardrail.action", "block")));
        processor.OnEnd(Ended("unsampled chat", recorded: false, ("gen_ai.operation.name", "chat")));
        Assert.True(processor.ForceFlush(10_000));

        Assert.Equal(["chat dev-chat", "POST /v1/chat/completions"], exporter.Names);
    }

    private static Activity Ended(string name, params (string Key, string Value)[] tags) => Ended(name, recorded: true, tags);

    private static Activity Ended(string name, bool recorded, params (string Key, string Value)[] tags)
    {
        var activity = new Activity(name);
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.ActivityTraceFlags = recorded ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None;
        foreach (var (key, value) in tags)
        {
            activity.SetTag(key, value);
        }
        activity.Start();
        activity.Stop();
        return activity;
    }

    private sealed class CollectingExporter : BaseExporter<Activity>
    {
        public List<string> Names { get; } = [];

        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                Names.Add(activity.DisplayName);
            }
            return ExportResult.Success;
        }
    }
}
