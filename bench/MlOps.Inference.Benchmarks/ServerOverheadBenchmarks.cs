using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using MlOps.Inference.Apis;
using MlOps.Inference.Logging;
using MlOps.Inference.Serving;
using MlOps.Inference.Services;
using MlOps.Trainer.Training;

namespace MlOps.Inference.Benchmarks;

/// <summary>
/// The server's own cost for one single-row OIP v2 request of the demo model, over the raw ONNX Runtime run of the same row:
/// parse, bind and check, run (unbatched), capture the log row, write the response. HTTP and Kestrel are not included.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class ServerOverheadBenchmarks
{
    private string _onnxPath = "";
    private InferenceSession _raw = null!;
    private OrtValue[] _rawInputs = null!;
    private string[] _rawNames = null!;
    private string[] _rawOutputs = null!;
    private RunOptions _runOptions = null!;
    private Predictor _predictor = null!;
    private PredictionLog _log = null!;
    private byte[] _body = null!;
    private DefaultHttpContext _context = null!;
    private static readonly ModelKey CanaryKey = new("bench", "credit-default-canary");

    [GlobalSetup]
    public void Setup()
    {
        _onnxPath = Path.Combine(Path.GetTempPath(), $"bench-demo-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(_onnxPath, DemoTraining.Train(new TrainingOptions()).Onnx);
        _body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "oip-row.json"));

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _raw = new InferenceSession(_onnxPath, options);
        _rawNames = [.. _raw.InputMetadata.Keys];
        _rawOutputs = [.. _raw.OutputMetadata.Keys];
        _runOptions = new RunOptions();
        _rawInputs = [.. InferRequestReader.Read(new ReadOnlySequence<byte>(_body)).Inputs.Select(OrtTensors.ToOrtValue)];

        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var metrics = new InferenceMetrics(meters);
        _log = new PredictionLog(Options.Create(new PredictionLogOptions()), metrics);
        var catalog = new ModelCatalog();
        var key = new ModelKey("bench", "credit-default");
        catalog.GetOrAdd(key).Swap(Deployment.Champion, new ServedModel(key, 1, "digest", new ModelSession(_onnxPath), new BatchingOptions { Enabled = false }));
        // The same model with a running rollout's step counters: requests, latency histogram, score histogram per request.
        var canary = catalog.GetOrAdd(CanaryKey);
        canary.Swap(Deployment.Champion, new ServedModel(CanaryKey, 1, "digest", new ModelSession(_onnxPath), new BatchingOptions { Enabled = false }));
        canary.Canary = new MlOps.Inference.Canary.StepCounters(Guid.CreateVersion7(), 0, 2, MlOps.Inference.Canary.ScoreBins.Default, 0.01);
        _predictor = new Predictor(catalog, _log, new ShadowRunner(_log, metrics, NullLogger<ShadowRunner>.Instance), metrics);
        _context = new DefaultHttpContext();
        _context.Response.Body = Stream.Null;
    }

    [Benchmark(Baseline = true, Description = "raw InferenceSession.Run, one row")]
    public int RawRun()
    {
        using var results = _raw.Run(_runOptions, _rawNames, _rawInputs, _rawOutputs);
        return results.Count;
    }

    [Benchmark(Description = "server path: parse + bind + run + log row + response")]
    public async Task<int> ServerPath()
    {
        var request = InferRequestReader.Read(new ReadOnlySequence<byte>(_body));
        var prediction = await _predictor.PredictAsync(new ModelKey("bench", "credit-default"), null, request.Inputs, Guid.CreateVersion7());
        await OipResponses.WriteInferAsync(_context, prediction, request.Id, request.Outputs);
        // The log writer is not part of the request; drain so the queue never fills.
        while (_log.Reader.TryRead(out _))
        {
        }
        return prediction.Outputs.Length;
    }

    [Benchmark(Description = "server path, counting for a canary step")]
    public async Task<int> ServerPathCountingCanary()
    {
        var request = InferRequestReader.Read(new ReadOnlySequence<byte>(_body));
        var prediction = await _predictor.PredictAsync(CanaryKey, null, request.Inputs, Guid.CreateVersion7());
        await OipResponses.WriteInferAsync(_context, prediction, request.Id, request.Outputs);
        while (_log.Reader.TryRead(out _))
        {
        }
        return prediction.Outputs.Length;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        File.Delete(_onnxPath);
    }
}
