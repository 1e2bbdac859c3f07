using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOps.Inference.Logging;
using MlOps.Inference.Serving;
using MlOps.Inference.Services;

namespace MlOps.Inference.Tests;

/// <summary>
/// A request is filled and run on the one version its lease names: a canary challenger trained on another feature service is
/// filled from its own, and a swap during the request does not change the version that answers.
/// </summary>
public sealed class PredictorLeaseTests : IDisposable
{
    private static readonly ModelKey Key = new("tenant-a", "scorer");
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"lease-{Guid.NewGuid():N}.onnx");
    private readonly ModelCatalog _catalog = new();
    private readonly Predictor _predictor;

    public PredictorLeaseTests()
    {
        File.WriteAllBytes(_path, OnnxModelBuilder.Identity());
        var metrics = new InferenceMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var log = new PredictionLog(Options.Create(new PredictionLogOptions()), metrics);
        _predictor = new Predictor(_catalog, log, new ShadowRunner(log, metrics, NullLogger<ShadowRunner>.Instance), metrics);
        var deployment = _catalog.GetOrAdd(Key);
        deployment.Swap(Deployment.Champion, Served(1, "credit-v1"));
        deployment.Swap(Deployment.Challenger, Served(2, "credit-v2"));
    }

    [Fact]
    public void Lease_FullCanaryShare_ChallengerWithItsOwnFeatureService()
    {
        _catalog.Find(Key)!.Traffic = new TrafficSplit(100, false);

        using var lease = _predictor.Lease(Key, null);

        Assert.Equal((2, "credit-v2", PredictionRoles.Challenger), (lease.Model.Version, lease.Model.FeatureService, lease.Role));
        // Callers speak the champion's inputs: a challenger that cannot take them fails when run, counted against it.
        Assert.Same(_catalog.Find(Key)!.Get(Deployment.Champion)!.Signature, lease.Contract);
    }

    [Fact]
    public void Lease_NoCanaryShare_ChampionWithItsOwnFeatureService()
    {
        using var lease = _predictor.Lease(Key, null);

        Assert.Equal((1, "credit-v1", PredictionRoles.Champion), (lease.Model.Version, lease.Model.FeatureService, lease.Role));
    }

    [Fact]
    public async Task PredictAsync_ChampionSwappedWhileLeased_TheLeasedVersionAnswers()
    {
        using var lease = _predictor.Lease(Key, null);
        _catalog.Find(Key)!.Swap(Deployment.Champion, Served(3, "credit-v3"));

        var prediction = await _predictor.PredictAsync(lease, [new Tensor("features", Datatype.Fp32, [1, 4], new[] { 1f, 2f, 3f, 4f })], Guid.CreateVersion7(),
            System.Diagnostics.Stopwatch.GetTimestamp());

        Assert.Equal(1, prediction.Version);
        Assert.Equal([1f, 2f, 3f, 4f], (float[])prediction.Outputs[0].Data);
    }

    [Fact]
    public void Lease_UnknownModel_404NamingIt()
    {
        var error = Assert.Throws<ModelUnavailableException>(() => _predictor.Lease(new ModelKey("tenant-a", "nope"), null));

        Assert.Equal((404, "model 'nope' is not served"), (error.StatusCode, error.Message));
    }

    public void Dispose()
    {
        foreach (var alias in new[] { Deployment.Champion, Deployment.Challenger })
        {
            _catalog.Find(Key)!.Swap(alias, null);
        }
        File.Delete(_path);
    }

    private ServedModel Served(int version, string featureService) =>
        new(Key, version, "digest", new ModelSession(_path), new BatchingOptions { Enabled = false }) { FeatureService = featureService };
}
