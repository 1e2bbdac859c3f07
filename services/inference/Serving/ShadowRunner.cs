using System.Diagnostics;
using System.Threading.Channels;
using MlOps.Inference.Logging;
using MlOps.Inference.Services;

namespace MlOps.Inference.Serving;

/// <summary>
/// Mirrors champion requests to the challenger off the request path (a bounded queue; when full, mirroring is skipped),
/// logs the challenger's outputs as shadow rows and compares them with the champion's. Shadow outputs are never returned.
/// </summary>
public sealed class ShadowRunner(PredictionLog log, InferenceMetrics metrics, ILogger<ShadowRunner> logger) : BackgroundService
{
    private readonly Channel<ShadowWork> _queue = Channel.CreateBounded<ShadowWork>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void Mirror(Deployment deployment, Tensor[] inputs, PredictionRecord champion) =>
        _queue.Writer.TryWrite(new ShadowWork(deployment, inputs, champion));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            var challenger = work.Deployment.Acquire(work.Deployment.Get(Deployment.Challenger)?.Version ?? -1);
            if (challenger is null || challenger.Version == work.Champion.Model.Version)
            {
                challenger?.Release();
                continue;
            }
            try
            {
                var started = Stopwatch.GetTimestamp();
                var outputs = await challenger.RunAsync(work.Inputs);
                var shadowed = PredictionRecord.Capture(work.Champion.RequestId, challenger.Info, PredictionRoles.Shadow, work.Inputs, outputs,
                    (int)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                log.Add(shadowed);
                Compare(work.Deployment, work.Champion, shadowed);
            }
            catch (Exception e) when (e is InferenceInputException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
            {
                work.Deployment.Shadow.Failed();
                work.Deployment.Canary?.ShadowFailedOnce();
                ShadowLog(e, work.Deployment.Key.Model, challenger.Version);
            }
            finally
            {
                challenger.Release();
            }
        }
    }

    private void Compare(Deployment deployment, PredictionRecord champion, PredictionRecord challenger)
    {
        var championDecision = DecisionColumn(champion.Model.Schema);
        var challengerDecision = DecisionColumn(challenger.Model.Schema);
        var canary = deployment.Canary;
        var rows = canary is null ? null : new (bool? LabelsAgreed, double Difference)[champion.Rows];
        for (var row = 0; row < champion.Rows; row++)
        {
            var difference = Math.Abs(champion.Score(row) - challenger.Score(row));
            difference = double.IsNaN(difference) ? 0 : difference;
            bool? labelsAgreed = championDecision >= 0 && challengerDecision >= 0
                ? champion.Outputs[row * champion.Model.Schema.Outputs.Length + championDecision] == challenger.Outputs[row * challenger.Model.Schema.Outputs.Length + challengerDecision]
                : null;
            var agreed = labelsAgreed ?? difference < 0.01;
            deployment.Shadow.Record(agreed, difference);
            metrics.ShadowCompared(deployment.Key, agreed, difference);
            if (rows is not null)
            {
                rows[row] = (labelsAgreed, difference);
            }
        }
        // The rollout judges agreement with its own tolerance for regressors.
        if (canary is not null)
        {
            canary.Shadowed(challenger, rows!);
        }
    }

    // The decision a client acts on: the first boolean or integer output (PredictedLabel for ML.NET classifiers).
    private static int DecisionColumn(LoggedSchema schema) =>
        Array.FindIndex(schema.OutputDatatypes, d => d is Datatype.Bool or Datatype.Int64 or Datatype.Int32);

    private void ShadowLog(Exception e, string model, int version) => InferenceLog.ShadowFailed(logger, e, model, version);

    private sealed record ShadowWork(Deployment Deployment, Tensor[] Inputs, PredictionRecord Champion);
}
