using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MlOps.TestSupport;
using MlOps.Trainer.Services;
using Polly.Timeout;

namespace MlOps.Trainer.Tests;

/// <summary>
/// The demo bootstrap survives what a loaded machine throws at it: the registry client's resilience timeout
/// (Polly's TimeoutRejectedException once all attempts time out, which is not an HttpRequestException) once stopped the whole trainer.
/// </summary>
[Collection(TrainerBus.Name)]
public sealed class DemoBootstrapRetryTests : IAsyncLifetime
{
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _artifacts = Path.Combine(Path.GetTempPath(), "mlops-trainer-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private ServiceFactory<MlOps.Registry.Model.RegisteredModelResponse> _registry = null!;
    private ServiceFactory<MlOps.Trainer.Model.TrainingRunResponse> _trainer = null!;
    // Eight: more than the standard resilience handler's attempts (1 + 3 retries), so the timeout reaches the bootstrap itself.
    private int _timeoutsLeft = 8;

    public ValueTask InitializeAsync()
    {
        _registry = new(connectionName: "registrydb", new Dictionary<string, string> { ["MlOps:Registry:ArtifactRoot"] = _artifacts }, virtualHost: "trainer");
        _registry.CreateClient().Dispose();
        _trainer = new(connectionName: "trainerdb", new Dictionary<string, string>
        {
            ["MlOps:Trainer:RegistryUrl"] = "http://localhost",
            ["MlOps:Trainer:DemoTenant"] = _tenant,
            ["MlOps:Messaging:EndpointPrefix"] = $"t{Guid.NewGuid():N}"[..9],
            ["MlOps:Trainer:RegistryRetryDelay"] = "00:00:00.200",
        }, virtualHost: "trainer", services: services => services.AddHttpClient<RegistryClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new TimingOut(this, _registry.Server.CreateHandler())));
        _trainer.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task FirstStart_RegistryTimesOutPastItsRetries_TrainerStaysUpAndPromotesTheDemoModel()
    {
        using var registry = _registry.CreateClient();
        registry.Authorize(_tenant);

        await Eventually.WaitAsync(() => registry.GetAsync("/models/credit-default/aliases/champion", TestContext.Current.CancellationToken),
            r => r.StatusCode == HttpStatusCode.OK, "the demo model to become champion", TimeSpan.FromSeconds(60));
        using var trainer = _trainer.CreateClient();
        trainer.Authorize(_tenant);
        var alive = await trainer.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.True(Volatile.Read(ref _timeoutsLeft) < 0, "every planned timeout was thrown");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _trainer.DisposeAsync();
        await _registry.DisposeAsync();
        if (Directory.Exists(_artifacts))
        {
            Directory.Delete(_artifacts, recursive: true);
        }
    }

    /// <summary>Throws what the standard resilience handler throws when its attempt timeout elapses, the first calls.</summary>
    private sealed class TimingOut(DemoBootstrapRetryTests test, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Decrement(ref test._timeoutsLeft) >= 0
                ? throw new TimeoutRejectedException("The operation didn't complete within the allowed timeout of '00:00:10'.")
                : base.SendAsync(request, cancellationToken);
    }
}
