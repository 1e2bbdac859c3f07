using BenchmarkDotNet.Attributes;
using MlOps.Inference.Canary;
using MlOps.Inference.Logging;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Benchmarks;

/// <summary>
/// What a request pays for a running canary step, alone: the counters' update for one answered single-row request
/// (request count, latency bucket, score bin), and a flush's read-and-reset of every counter.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class CanaryCounterBenchmarks
{
    private readonly StepCounters _counters = new(Guid.CreateVersion7(), 0, 2, ScoreBins.Default, 0.01);
    private PredictionRecord _record = null!;

    [GlobalSetup]
    public void Setup()
    {
        var info = new ServedModelInfo(new ModelKey("bench", "m"), 2,
            new LoggedSchema([0], [], [0], ["x"], [], ["y"], [Datatype.Fp32]), 0);
        _record = new PredictionRecord(Guid.CreateVersion7(), info, PredictionRoles.Challenger, 1, [0.42], [], [0.42], 1800, DateTime.UtcNow);
    }

    [Benchmark(Description = "StepCounters.Answered, one row")]
    public void Answered() => _counters.Answered(2, challenger: true, 1800, _record);

    [Benchmark(Description = "StepCounters.TakeDelta (a flush)")]
    public StepCounts TakeDelta() => _counters.TakeDelta();
}
