using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.TestSupport;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// Hybrid serving through the gateway: applicants loaded by ingest, materialized by the feature store, and a model whose
/// registry lineage names the feature service, scored by entity key alone.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HybridServingTests(PlatformFixture platform)
{
    private const string Tenant = "hybrid-lending";
    private const string Model = "credit-hybrid";
    private static readonly string[] Numeric = ["age", "income", "employment_years", "loan_amount", "credit_utilization", "late_payments_12m", "debt_to_income"];
    private static readonly string[] Text = ["home_ownership", "purpose"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Predict_ByEntityKeyAlone_AnswersAsTheSpelledOutFeaturesDo()
    {
        var (client, rows) = await ServeModelWithFeatureServiceAsync();

        foreach (var id in new[] { 3, 17, 41 })
        {
            var spelledOut = await PredictAsync(client, Spelled(rows[id - 1]));
            var byEntity = await PredictAsync(client, new JsonObject { ["applicant_id"] = id });

            Assert.Equal(spelledOut.GetRawText(), byEntity.GetRawText());
        }
        // A given value wins over the served one: the same as spelling everything out with that value.
        var overridden = Spelled(rows[16]);
        overridden["income"] = 250_000.0;
        Assert.Equal((await PredictAsync(client, overridden)).GetRawText(),
            (await PredictAsync(client, new JsonObject { ["applicant_id"] = 17, ["income"] = 250_000.0 })).GetRawText());
    }

    [Fact]
    public async Task Infer_ByEntityKeyTensor_AnswersAsTheSpelledOutTensorsDo()
    {
        var (client, rows) = await ServeModelWithFeatureServiceAsync();
        long[] ids = [3, 17, 41];
        var metadata = await client.GetFromJsonAsync<JsonElement>($"/api/inference/v2/models/{Model}", Cancel);
        var spelled = new JsonArray();
        foreach (var input in metadata.GetProperty("inputs").EnumerateArray())
        {
            var name = input.GetProperty("name").GetString()!;
            var numeric = Array.IndexOf(Numeric, name);
            var column = numeric >= 0 ? numeric : Numeric.Length + Array.IndexOf(Text, name);
            spelled.Add(new JsonObject
            {
                ["name"] = name,
                ["datatype"] = input.GetProperty("datatype").GetString(),
                ["shape"] = new JsonArray([.. input.GetProperty("shape").EnumerateArray().Select(d => (JsonNode)(d.GetInt64() < 0 ? ids.Length : d.GetInt64()))]),
                ["data"] = new JsonArray([.. ids.Select(id => numeric >= 0
                    ? (JsonNode)double.Parse(rows[(int)id - 1][column], CultureInfo.InvariantCulture)
                    : rows[(int)id - 1][column])]),
            });
        }
        var byEntity = new JsonArray(new JsonObject
        {
            ["name"] = "applicant_id", ["datatype"] = "INT64", ["shape"] = new JsonArray(ids.Length), ["data"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]),
        });

        var expected = await InferAsync(client, spelled);
        var actual = await InferAsync(client, byEntity);

        Assert.Equal(expected.GetProperty("outputs").GetRawText(), actual.GetProperty("outputs").GetRawText());
    }

    [Fact]
    public async Task Infer_UnknownEntity_400InTheProtocolsErrorShape()
    {
        var (client, _) = await ServeModelWithFeatureServiceAsync();

        var response = await client.PostAsJsonAsync($"/api/inference/v2/models/{Model}/infer",
            new { inputs = new[] { new { name = "applicant_id", datatype = "INT64", shape = new[] { 2 }, data = new[] { 3, 9_999 } } } }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString();
        Assert.Contains("instance 1: feature 'age' is not given and feature service 'credit' has no value of it", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_UnknownEntity_400NamingTheFeatureAndTheEntity()
    {
        var (client, _) = await ServeModelWithFeatureServiceAsync();

        var response = await client.PostAsJsonAsync($"/api/inference/v1/models/{Model}:predict",
            new { instances = new object[] { new { applicant_id = 3 }, new { applicant_id = 9_999 } } }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString();
        Assert.Contains("instance 1: feature 'age' is not given and feature service 'credit' has no value of it", error, StringComparison.Ordinal);
        Assert.Contains("9999", error, StringComparison.Ordinal);
        Assert.Contains("missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_ByEntityKeyWithoutFeaturesRead_403NamingTheScope()
    {
        await ServeModelWithFeatureServiceAsync();
        using var admin = platform.Gateway(platform.AdminKey);
        // May predict, may not read features: the lookup goes with the caller's own token, so no features leak through a prediction.
        using var predictOnly = platform.Gateway(await CreateKeyAsync(admin, "inference:predict"));

        var byEntity = await predictOnly.PostAsJsonAsync($"/api/inference/v1/models/{Model}:predict", new { instances = new[] { new { applicant_id = 3 } } }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, byEntity.StatusCode);
        Assert.Contains("features:read", (await byEntity.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_PropertyGivenTwice_400()
    {
        var (client, _) = await ServeModelWithFeatureServiceAsync();

        var response = await client.PostAsync($"/api/inference/v1/models/{Model}:predict",
            new StringContent("""{"instances": [{"applicant_id": 3}, {"age": 30, "age": 31}]}""", System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static JsonObject Spelled(string[] row)
    {
        var instance = new JsonObject();
        for (var i = 0; i < Numeric.Length; i++)
        {
            instance[Numeric[i]] = double.Parse(row[i], CultureInfo.InvariantCulture);
        }
        instance[Text[0]] = row[Numeric.Length];
        instance[Text[1]] = row[Numeric.Length + 1];
        return instance;
    }

    private static async Task<JsonElement> PredictAsync(HttpClient client, JsonObject instance)
    {
        var response = await client.PostAsJsonAsync($"/api/inference/v1/models/{Model}:predict", new JsonObject { ["instances"] = new JsonArray(instance) }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(response.IsSuccessStatusCode, body.GetRawText());
        return body.GetProperty("predictions");
    }

    private static async Task<JsonElement> InferAsync(HttpClient client, JsonArray inputs)
    {
        var response = await client.PostAsJsonAsync($"/api/inference/v2/models/{Model}/infer", new JsonObject { ["inputs"] = inputs }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(response.IsSuccessStatusCode, body.GetRawText());
        return body;
    }

    // Idempotent per run: the first test to call it builds everything, the second finds it in place.
    private async Task<(HttpClient Client, List<string[]> Rows)> ServeModelWithFeatureServiceAsync()
    {
        await Gate.WaitAsync(Cancel);
        try
        {
            s_setUp ??= await SetUpAsync();
            return (platform.Gateway(s_setUp.Value.Key), s_setUp.Value.Rows);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string Key, List<string[]> Rows)? s_setUp;

    private async Task<(string Key, List<string[]> Rows)> SetUpAsync()
    {
        using var admin = platform.Gateway(platform.AdminKey);
        var key = await CreateKeyAsync(admin, "ingest:read", "ingest:write", "features:read", "features:write", "registry:read", "registry:write",
            "registry:promote", "inference:predict", "inference:read");
        var client = platform.Gateway(key);

        // 50 applicants of the demo file, each with an id and yesterday's timestamp (within the view's TTL).
        var lines = File.ReadLines(Path.Combine(PlatformFixture.RepositoryRoot, "services/trainer/DemoData/credit-default.csv")).Skip(1).Take(50).ToList();
        var rows = lines.Select(l => l.Split(',')).ToList();
        var day = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var csv = "applicant_id,updated_at," + string.Join(',', Numeric.Concat(Text)) + ",defaulted\n"
            + string.Join('\n', lines.Select((l, i) => $"{i + 1},{day}T10:00:00Z,{l}"));
        var upload = await client.PostAsync("/api/ingest/uploads?name=applicants.csv", new StringContent(csv), Cancel);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploadId = (await upload.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("uploadId").GetString();
        await SucceedAsync(client, "/api/ingest/pipelines", new
        {
            name = "applicants", dataset = "lending",
            source = new { type = "files", config = new { resource = "applicants", location = new { type = "upload", upload_id = uploadId } } },
        });
        var run = await (await client.PostAsync("/api/ingest/pipelines/applicants/runs", null, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var loaded = await Eventually.WaitAsync(
            () => client.GetFromJsonAsync<JsonElement>($"/api/ingest/pipelines/applicants/runs/{run.GetProperty("id").GetString()}", Cancel),
            r => r.GetProperty("status").GetString() is "succeeded" or "failed", "the applicants' load");
        Assert.Equal("succeeded", loaded.GetProperty("status").GetString());

        await PutAsync(client, "/api/feature-store/entities/applicant", new { joinKeys = new[] { "applicant_id" } });
        await PutAsync(client, "/api/feature-store/feature-views/applicants", new
        {
            dataset = "lending", table = "applicants", entities = new[] { "applicant" }, timestampColumn = "updated_at", ttlSeconds = 7 * 86_400,
            features = Numeric.Select(n => new { name = n, type = "float64" }).Concat(Text.Select(n => new { name = n, type = "string" })),
        });
        await PutAsync(client, "/api/feature-store/feature-services/credit", new { features = new[] { new { view = "applicants", features = Numeric.Concat(Text) } } });
        var materialization = await (await client.PostAsJsonAsync("/api/feature-store/materializations", new { }, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var materialized = await Eventually.WaitAsync(
            () => client.GetFromJsonAsync<JsonElement>($"/api/feature-store/materializations/{materialization.GetProperty("id").GetString()}", Cancel),
            r => r.GetProperty("status").GetString() is "succeeded" or "failed", "the materialization");
        Assert.Equal(("succeeded", 50), (materialized.GetProperty("status").GetString(), materialized.GetProperty("rowsWritten").GetInt32()));

        // The demo model's artifact, registered in this tenant with the feature service in its lineage.
        var onnx = await Eventually.WaitAsync(() => admin.GetAsync("/api/registry/models/credit-default/versions/1/artifact", Cancel),
            r => r.StatusCode == HttpStatusCode.OK, "the demo model's first version", TimeSpan.FromSeconds(120));
        await SucceedAsync(client, "/api/registry/models", new { name = Model });
        var content = new MultipartFormDataContent
        {
            { new StringContent("""{"metrics":{"auc":0.75},"lineage":{"featureService":"credit"}}""", System.Text.Encoding.UTF8, "application/json"), "metadata" },
        };
        var artifact = new ByteArrayContent(await onnx.Content.ReadAsByteArrayAsync(Cancel));
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(artifact, "artifact", "model.onnx");
        var registered = await client.PostAsync($"/api/registry/models/{Model}/versions", content, Cancel);
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("credit", (await registered.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("lineage").GetProperty("featureService").GetString());
        await SucceedAsync(client, $"/api/registry/models/{Model}/versions/1/load-tests", new { source = "load-test", requests = 1000, errorRate = 0.0, p99Milliseconds = 20.0 });
        (await client.PutAsJsonAsync($"/api/registry/models/{Model}/aliases/champion", new { version = 1 }, Cancel)).EnsureSuccessStatusCode();
        await Eventually.WaitAsync(() => client.GetAsync($"/api/inference/v2/models/{Model}/ready", Cancel), r => r.StatusCode == HttpStatusCode.OK,
            "inference serving the model", TimeSpan.FromSeconds(60));
        return (key, rows);
    }

    private static async Task SucceedAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, Cancel);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {await response.Content.ReadAsStringAsync(Cancel)}");
    }

    private static async Task PutAsync(HttpClient client, string path, object body)
    {
        var response = await client.PutAsJsonAsync(path, body, Cancel);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {await response.Content.ReadAsStringAsync(Cancel)}");
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, params string[] scopes)
    {
        var response = await admin.PostAsJsonAsync("/admin/keys", new { tenantId = Tenant, name = "e2e-hybrid", scopes }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("secret").GetString()!;
    }
}
