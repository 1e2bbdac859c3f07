using System.Text.Json.Nodes;
using MlOps.Incident.Calls;

namespace MlOps.Incident.Runbooks.Steps;

/// <summary>pause_pipeline {pipeline}: stops an ingest pipeline's schedule from queuing runs (a run already going finishes).</summary>
public sealed class PausePipelineStep(IngestClient ingest) : PipelineSwitchStep(ingest, paused: true)
{
    public override string Type => "pause_pipeline";
}

/// <summary>resume_pipeline {pipeline}: lets an ingest pipeline's schedule queue runs again.</summary>
public sealed class ResumePipelineStep(IngestClient ingest) : PipelineSwitchStep(ingest, paused: false)
{
    public override string Type => "resume_pipeline";
}

/// <summary>Sets a pipeline's paused flag at ingest; setting it again after a crash is harmless.</summary>
public abstract class PipelineSwitchStep(IngestClient ingest, bool paused) : IStepType
{
    public abstract string Type { get; }

    public string? Validate(RunbookStep step) => step.Require("pipeline");

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var pipeline = context.Step.Text("pipeline")!;
        var result = await ingest.SetPausedAsync(context.Run.TenantId, pipeline, paused, cancellationToken);
        return result.ToOutcome(_ => new StepOutcome.Done($"ingest pipeline {pipeline} {(paused ? "paused" : "resumed")}",
            CallOutcomes.Output(("pipeline", pipeline), ("paused", paused))));
    }
}
