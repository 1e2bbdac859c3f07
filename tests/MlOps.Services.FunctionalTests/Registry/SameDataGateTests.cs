using System.Net;
using System.Net.Http.Json;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Registry;

/// <summary>
/// The gate on the trainer's same-rows comparison: v1 is champion (own holdout AUC 0.85); v2 carries its figures and the
/// champion's on the same fresh holdout and drifted window. The figures are the test's own, the verdicts follow from them.
/// </summary>
public sealed class SameDataGateTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string _tenant = "";

    private async Task<(HttpClient Client, string Model)> ChampionAndCandidateAsync(Dictionary<string, double> candidateMetrics, string comparedWith,
        object? policy = null)
    {
        var model = RegistryRequests.NewModelName();
        _tenant = HttpExtensions.NewTenant();
        var client = fixture.Client(_tenant, RegistryRequests.Write, RegistryRequests.Promote);
        await client.CreateModelAsync(model);
        await client.RegisterVersionAsync(model, OnnxModelBuilder.Identity(producer: $"{model}-1"), new { metrics = new { auc = 0.85 } });
        await client.RegisterVersionAsync(model, OnnxModelBuilder.Identity(producer: $"{model}-2"), new
        {
            metrics = candidateMetrics, @params = new Dictionary<string, string> { ["compared_with_champion"] = comparedWith },
        });
        if (policy is not null)
        {
            (await client.PutAsJsonAsync($"/models/{model}/policy", policy, Cancel)).EnsureSuccessStatusCode();
        }
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/models/{model}/aliases/champion", new { version = 1 }, Cancel)).StatusCode);
        await client.RecordLoadTestAsync(model, 2);
        return (client, model);
    }

    /// <summary>The checks the last champion move ran, from its audit entry.</summary>
    private async Task<List<string>> AuditedChecksAsync()
    {
        using var admin = fixture.Client(_tenant, "admin");
        var audit = (await (await admin.GetAsync("/audit?limit=500", Cancel)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Last();
        Assert.Equal("alias.moved", audit.GetProperty("action").GetString());
        return [.. audit.GetProperty("after").GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("check").GetString()!)];
    }

    private static Task<HttpResponseMessage> PromoteV2Async(HttpClient client, string model) =>
        client.PutAsJsonAsync($"/models/{model}/aliases/champion", new { version = 2 }, Cancel);

    [Fact]
    public async Task Promote_ChampionBetterOnTheDriftedWindow_Returns422NamingTheMetricAndBothValues()
    {
        // Better on its own holdout (0.9 against 0.85) and on the fresh holdout, 0.12 worse than the champion on the drifted rows.
        var (client, model) = await ChampionAndCandidateAsync(new()
        {
            ["auc"] = 0.9, ["holdout.auc"] = 0.8, ["champion.holdout.auc"] = 0.79, ["drifted.auc"] = 0.7, ["champion.drifted.auc"] = 0.82,
        }, comparedWith: "1");
        using var owned = client;

        var refused = await PromoteV2Async(client, model);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal("Version 2 of '" + model + "' cannot become champion: drifted.auc not worse than champion v1 on the same rows by more than 0.01 "
            + "(candidate 0.7, champion v1 0.82)", problem.GetProperty("detail").GetString());
        var checks = problem.GetProperty("checks").EnumerateArray().ToList();
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == "holdout.auc not worse than champion v1 on the same rows by more than 0.01"
            && c.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Promote_CandidateBetterOnBothSets_Moves()
    {
        var (client, model) = await ChampionAndCandidateAsync(new()
        {
            ["auc"] = 0.8, ["holdout.auc"] = 0.8, ["champion.holdout.auc"] = 0.805, ["drifted.auc"] = 0.78, ["champion.drifted.auc"] = 0.6,
        }, comparedWith: "1");
        using var owned = client;

        var moved = await PromoteV2Async(client, model);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(2, (await moved.ReadJsonAsync()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Promote_ComparedWithAnotherChampionVersion_FiguresNotApplied()
    {
        var (client, model) = await ChampionAndCandidateAsync(new() { ["auc"] = 0.9, ["drifted.auc"] = 0.5, ["champion.drifted.auc"] = 0.9 }, comparedWith: "7");
        using var owned = client;

        var moved = await PromoteV2Async(client, model);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var checks = await AuditedChecksAsync();
        Assert.DoesNotContain(checks, c => c.StartsWith("drifted.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Promote_PolicyMaxRegression_SameRowsHoldoutReplacesTheCrossHoldoutCheckAndTakesItsTolerance()
    {
        // Own holdouts: 0.80 against 0.85, 0.05 apart (the cross-holdout check would refuse); same rows: 0.84 against 0.85, within 0.02.
        var (client, model) = await ChampionAndCandidateAsync(new()
        {
            ["auc"] = 0.8, ["holdout.auc"] = 0.84, ["champion.holdout.auc"] = 0.85, ["drifted.auc"] = 0.81, ["champion.drifted.auc"] = 0.83,
        }, comparedWith: "1", policy: new { maxRegression = new { auc = 0.02 } });
        using var owned = client;

        var moved = await PromoteV2Async(client, model);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var checks = await AuditedChecksAsync();
        Assert.Contains("holdout.auc not worse than champion v1 on the same rows by more than 0.02", checks);
        Assert.Contains("drifted.auc not worse than champion v1 on the same rows by more than 0.02", checks);
        Assert.DoesNotContain("auc not worse than champion v1 by more than 0.02", checks);
    }
}
