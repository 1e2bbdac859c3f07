using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Contracts;
using MlOps.TestSupport;
using MlOps.Trainer.Services;

namespace MlOps.Trainer.Tests;

/// <summary>
/// A retrain scored beside the champion on the same rows, and the registry's gate reading those figures. The warehouse holds
/// three committed loads of 300 rows, oldest first: Rule (defaulted exactly when late_payments >= 3 or utilization >= 0.85), Flipped
/// (every label inverted) and Newest (the rule again). A model trained on Rule or Newest ranks every defaulter above every other
/// applicant under the rule (AUC 1) and, for the same reason, below them where labels are flipped (AUC 0); one trained on Flipped the
/// other way round. Those values are worked out from the seeds, not read from the trainer.
/// </summary>
[Collection(TrainerBus.Name)]
public sealed class ChampionComparisonTests : IAsyncLifetime
{
    private static readonly string[] Features = ["income", "late_payments", "utilization", "has_mortgage", "purpose"];
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _rule = Guid.CreateVersion7().ToString();
    private readonly string _flipped = Guid.CreateVersion7().ToString();
    private readonly string _newest = Guid.CreateVersion7().ToString();
    private TrainerRig _rig = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _rig = await TrainerRig.StartAsync(Token);
        await _rig.Warehouse.SeedLoansAsync(_tenant, Token, (_rule, 300, 0, 3, false), (_flipped, 300, 0, 2, true), (_newest, 300, 0, 1, false));
    }

    [Fact]
    public async Task Retrain_ChampionBetterOnTheNewestLoad_RecordsBothFiguresAndTheGateRefusesNamingDriftedAuc()
    {
        using var trainer = Trainer();
        await RunAsync(trainer, "loan-a", _rule, promote: true);

        // Trained on the older flipped load: the newest load's rows are all unseen, and follow the champion's rule.
        var run = await RunAsync(trainer, "loan-a", _flipped, promote: false);

        using var registry = Registry();
        var version = await registry.GetFromJsonAsync<JsonElement>("/models/loan-a/versions/2", Token);
        var metrics = version.GetProperty("metrics");
        Assert.Equal("1", version.GetProperty("params").GetProperty("compared_with_champion").GetString());
        Assert.Equal($"load {_newest}: all 300 rows (the run trained on an older load)", version.GetProperty("params").GetProperty("drifted_window").GetString());
        Assert.Equal(300, metrics.GetProperty("drifted.rows").GetDouble());
        Assert.Equal(0, metrics.GetProperty("drifted.auc").GetDouble());
        Assert.Equal(1, metrics.GetProperty("champion.drifted.auc").GetDouble());
        Assert.Equal(1, metrics.GetProperty("holdout.auc").GetDouble());
        Assert.Equal(0, metrics.GetProperty("champion.holdout.auc").GetDouble());
        Assert.Equal(2, run.GetProperty("version").GetInt32());

        var refused = await PromoteAsync(registry, "loan-a", 2);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("Version 2 of 'loan-a' cannot become champion: drifted.auc not worse than champion v1 on the same rows by more than 0.01 "
            + "(candidate 0, champion v1 1)", (await refused.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Retrain_CandidateBetterOnTheNewestLoad_TheGateLetsItThrough()
    {
        using var trainer = Trainer();
        await RunAsync(trainer, "loan-b", _flipped, promote: true);

        // Trained on the newest load: its held-out rows are the drifted window, and the fresh holdout is the same rows.
        await RunAsync(trainer, "loan-b", _newest, promote: false);

        using var registry = Registry();
        var version = await registry.GetFromJsonAsync<JsonElement>("/models/loan-b/versions/2", Token);
        var metrics = version.GetProperty("metrics");
        var heldOut = metrics.GetProperty("holdout.rows").GetDouble();
        Assert.InRange(heldOut, 1, 299);
        Assert.Equal(heldOut, metrics.GetProperty("drifted.rows").GetDouble());
        Assert.Equal($"load {_newest}: its {heldOut} held-out rows", version.GetProperty("params").GetProperty("drifted_window").GetString());
        Assert.Equal(1, metrics.GetProperty("drifted.auc").GetDouble());
        Assert.Equal(0, metrics.GetProperty("champion.drifted.auc").GetDouble());

        var promoted = await PromoteAsync(registry, "loan-b", 2);

        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
    }

    [Fact]
    public async Task FirstRun_NoChampion_RecordsNoComparison()
    {
        using var trainer = Trainer();

        await RunAsync(trainer, "loan-c", _newest, promote: false);

        using var registry = Registry();
        var version = await registry.GetFromJsonAsync<JsonElement>("/models/loan-c/versions/1", Token);
        Assert.False(version.GetProperty("params").TryGetProperty("compared_with_champion", out _));
        Assert.DoesNotContain(version.GetProperty("metrics").EnumerateObject(), m => m.Name.Contains('.', StringComparison.Ordinal));
    }

    private static async Task<JsonElement> RunAsync(HttpClient trainer, string model, string load, bool promote)
    {
        var response = await trainer.PostAsJsonAsync("/runs", new
        {
            modelName = model, promote, data = new { dataset = "loans", table = "applications", load, labelColumn = "defaulted", featureColumns = Features },
        }, Token);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.GetRawText());
        Assert.Equal(promote, run.GetProperty("promoted").GetBoolean());
        return run;
    }

    private static async Task<HttpResponseMessage> PromoteAsync(HttpClient registry, string model, int version)
    {
        var tested = await registry.PostAsJsonAsync($"/models/{model}/versions/{version}/load-tests",
            new { source = "load-test", requests = 1000, errorRate = 0.001, p99Milliseconds = 25 }, Token);
        Assert.Equal(HttpStatusCode.Created, tested.StatusCode);
        return await registry.PutAsJsonAsync($"/models/{model}/aliases/champion", new { version }, Token);
    }

    private HttpClient Trainer() => _rig.Trainer(_tenant);

    private HttpClient Registry() => _rig.Registry(_tenant);

    public ValueTask DisposeAsync() => _rig.DisposeAsync();
}
