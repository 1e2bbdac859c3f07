using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using MlOps.Contracts;
using Npgsql;

namespace MlOps.Inference.Tests;

[Collection(ServingCollection.Name)]
public sealed class PredictAndLogTests(ServingFixture fixture)
{
    [Fact]
    public async Task Predict_Instances_AnswerOnePredictionEachMatchingOip()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);
        var instances = new[] { DemoRequests.Instance(1), DemoRequests.Instance(2) };

        var v1 = await (await client.PostJsonAsync($"/v1/models/{DemoRequests.Model}:predict",
            new JsonObject { ["instances"] = new JsonArray([.. instances.Select(i => (JsonNode)i.DeepClone())]) })).JsonAsync();
        var v2 = await (await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", DemoRequests.Oip(instances))).JsonAsync();

        var predictions = v1.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(2, predictions.Count);
        Assert.Equal(1, v1.GetProperty("modelVersion").GetInt32());
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(v2.Output("Probability.output")[i].GetDouble(), predictions[i].GetProperty("Probability").GetDouble(), 6);
            Assert.Equal(v2.Output("PredictedLabel.output")[i].GetBoolean(), predictions[i].GetProperty("PredictedLabel").GetBoolean());
        }
    }

    public static TheoryData<string, string> BadInstances => new()
    {
        { """{"instances":[]}""", "at least one instance" },
        { """{"rows":[{"age":1}]}""", "\"instances\"" },
        { """{"instances":[{"age":"old"}]}""", "instance 0: feature 'age' must be a number" },
        { """{"instances":[{"age":30,"colour":"red"}]}""", "instance 0: unexpected feature 'colour'" },
        { """{"instances":[{"age":30}]}""", "instance 0 has no feature 'income'" },
    };

    [Theory]
    [MemberData(nameof(BadInstances))]
    public async Task Predict_BadInstances_Return400NamingTheFeature(string body, string expected)
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);

        var response = await client.PostJsonAsync($"/v1/models/{DemoRequests.Model}:predict", JsonNode.Parse(body)!);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.JsonAsync()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_ThreeRows_AreLoggedAndPublishedForDrift()
    {
        await using var published = await MessageCollector<PredictionsLogged>.StartAsync(TestInfrastructure.RabbitMq("inference"));
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);
        var requestId = Guid.NewGuid();
        var body = DemoRequests.Oip(DemoRequests.Instance(10), DemoRequests.Instance(11), DemoRequests.Instance(12));
        body["id"] = requestId.ToString();

        var response = await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", body);

        Assert.Equal(requestId.ToString(), response.Headers.GetValues("X-MlOps-Request-Id").Single());
        var (_, logged) = await published.WaitForAsync(m => m.RequestIds.Contains(requestId));
        Assert.Equal(tenant, logged.TenantId);
        Assert.Equal(1, logged.Version);
        var rows = Enumerable.Range(0, logged.RequestIds.Count).Where(i => logged.RequestIds[i] == requestId).ToList();
        Assert.Equal([0, 1, 2], rows.Select(i => logged.RowIndexes[i]));
        Assert.Equal([31.0, 32.0, 33.0], rows.Select(i => logged.Features["age"][i]!.Value));
        Assert.Equal(["medical", "education", "car"], rows.Select(i => logged.Categories["purpose"][i]));
        Assert.All(rows, i => Assert.InRange(logged.Predictions[i]!.Value, 0, 1));

        await using var db = new NpgsqlConnection(fixture.Inference.ConnectionString);
        var stored = (await db.QueryAsync<(int Row, string Role, double[] Numeric, string[] Categorical, double Score)>(
            "SELECT row_index, role, numeric_features, categorical_features, score FROM predictions WHERE request_id = @requestId ORDER BY row_index",
            new { requestId })).ToList();
        Assert.Equal([0, 1, 2], stored.Select(s => s.Row));
        Assert.All(stored, s => Assert.Equal("champion", s.Role));
        Assert.Equal(31.0, stored[0].Numeric[0]);
        Assert.Equal(["MORTGAGE", "education"], stored[1].Categorical);
        var schema = await db.QuerySingleAsync<string[]>("SELECT numeric_features FROM prediction_schemas WHERE tenant_id = @tenant", new { tenant });
        Assert.Equal("age", schema[0]);
    }

    [Fact]
    public async Task Feedback_Labels_AreStoredByRequestAndRow_LastOneWins()
    {
        var tenant = HttpJson.NewTenant();
        using var client = fixture.Client(tenant);
        var requestId = Guid.NewGuid();

        var first = await client.PostJsonAsync("/v1/feedback", JsonNode.Parse($$"""{"labels":[{"requestId":"{{requestId}}","rowIndex":0,"label":0},{"requestId":"{{requestId}}","rowIndex":1,"label":1}]}""")!);
        var again = await client.PostJsonAsync("/v1/feedback", JsonNode.Parse($$"""{"labels":[{"requestId":"{{requestId}}","rowIndex":0,"label":1}]}""")!);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(2, (await first.JsonAsync()).GetProperty("recorded").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await using var db = new NpgsqlConnection(fixture.Inference.ConnectionString);
        var labels = await db.QueryAsync<(int Row, double Label)>("SELECT row_index, label FROM prediction_feedback WHERE tenant_id = @tenant ORDER BY row_index", new { tenant });
        Assert.Equal([(0, 1.0), (1, 1.0)], labels);
    }

    [Fact]
    public async Task Feedback_LabelsOfLoggedRows_PublishedWithTheirScoresForPerformanceMonitoring()
    {
        await using var logged = await MessageCollector<PredictionsLogged>.StartAsync(TestInfrastructure.RabbitMq("inference"));
        await using var labelled = await MessageCollector<PredictionLabelsRecorded>.StartAsync(TestInfrastructure.RabbitMq("inference"));
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);
        var requestId = Guid.NewGuid();
        var body = DemoRequests.Oip(DemoRequests.Instance(20), DemoRequests.Instance(21));
        body["id"] = requestId.ToString();
        await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", body);
        var (_, log) = await logged.WaitForAsync(m => m.RequestIds.Contains(requestId));
        var scores = Enumerable.Range(0, log.RequestIds.Count).Where(i => log.RequestIds[i] == requestId).OrderBy(i => log.RowIndexes[i]).Select(i => log.Predictions[i]!.Value).ToList();

        var response = await client.PostJsonAsync("/v1/feedback", JsonNode.Parse($$"""{"labels":[{"requestId":"{{requestId}}","rowIndex":0,"label":1},{"requestId":"{{requestId}}","rowIndex":1,"label":0},{"requestId":"{{Guid.NewGuid()}}","rowIndex":0,"label":1}]}""")!);

        var accepted = await response.JsonAsync();
        Assert.Equal(3, accepted.GetProperty("recorded").GetInt32());
        Assert.Equal(2, accepted.GetProperty("matchedPredictions").GetInt32());
        var (_, labels) = await labelled.WaitForAsync(m => m.TenantId == tenant);
        Assert.Equal((DemoRequests.Model, 1), (labels.ModelName, labels.Version));
        Assert.Equal(scores.Zip([1.0, 0.0]).OrderBy(p => p.Second), labels.Scores.Zip(labels.Labels).OrderBy(p => p.Second));
    }

    [Theory]
    [InlineData("""{"labels":[]}""")]
    [InlineData("""{"labels":[{"requestId":"00000000-0000-0000-0000-000000000000","rowIndex":0,"label":1}]}""")]
    [InlineData("""{"labels":[{"requestId":"0199c4a5-0000-7000-8000-000000000001","rowIndex":-1,"label":1}]}""")]
    public async Task Feedback_Invalid_Returns400(string body)
    {
        using var client = fixture.Client(HttpJson.NewTenant());

        var response = await client.PostJsonAsync("/v1/feedback", JsonNode.Parse(body)!);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("labels", StringComparison.Ordinal));
    }
}
