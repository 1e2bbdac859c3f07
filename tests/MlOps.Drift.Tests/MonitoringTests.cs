using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Contracts;
using MlOps.Drift.Monitoring;
using MlOps.TestSupport;

namespace MlOps.Drift.Tests;

/// <summary>
/// Monitoring end to end on real parts: a registry (in-memory server, real PostgreSQL) holding the reference profile, logged
/// predictions published through RabbitMQ, windows in PostgreSQL, DriftDetected back through the outbox and RabbitMQ.
/// </summary>
public sealed class MonitoringTests : IAsyncLifetime
{
    private const int ReferenceRows = 2000;
    private const int BatchRows = 250;
    // Read per test: each test has its own token, cancelled when that test times out or the run stops.
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _artifacts = Path.Combine(Path.GetTempPath(), "mlops-drift-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private ServiceFactory<MlOps.Registry.Model.RegisteredModelResponse> _registry = null!;
    private ServiceFactory<MlOps.Drift.Model.DriftReportResponse> _drift = null!;
    private MessageCollector<DriftDetected> _events = null!;

    public async ValueTask InitializeAsync()
    {
        _registry = new("registrydb", new Dictionary<string, string> { ["MlOps:Registry:ArtifactRoot"] = _artifacts }, virtualHost: "drift");
        _registry.CreateClient().Dispose();
        _drift = new("driftdb", new Dictionary<string, string>
        {
            ["MlOps:Drift:RegistryUrl"] = "http://localhost",
            ["MlOps:Drift:WindowRows"] = "1000",
            ["MlOps:Drift:PerformanceWindowLabels"] = "400",
            ["MlOps:Drift:Columns:age:StatTests:0"] = "psi",
            ["MlOps:Drift:Columns:age:StatTests:1"] = "ks",
            ["MlOps:Drift:Columns:age:Threshold"] = "0.2",
            ["MlOps:Drift:SweepInterval"] = "00:00:00.200",
        }, virtualHost: "drift", services: services =>
            services.AddHttpClient<RegistryReferences>().ConfigurePrimaryHttpMessageHandler(() => _registry.Server.CreateHandler()));
        _drift.CreateClient().Dispose();
        _events = await MessageCollector<DriftDetected>.StartAsync(TestInfrastructure.RabbitMq("drift"));
    }

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        await _drift.DisposeAsync();
        await _registry.DisposeAsync();
        Directory.Delete(_artifacts, recursive: true);
    }

    [Fact]
    public async Task Windows_ShiftedAndUnshiftedTraffic_OnlyShiftedRaisesDriftDetectedNamingItsFeatures()
    {
        await RegisterAsync("shifted");
        await RegisterAsync("steady");

        var duplicate = Batch("steady", seed: 100, incomeMean: 50, predictionShift: 0);
        await _events.Bus.Publish(duplicate, Cancel);
        await _events.Bus.Publish(duplicate, Cancel);
        for (var i = 0; i < 4; i++)
        {
            await _events.Bus.Publish(Batch("shifted", seed: i, incomeMean: 65, predictionShift: 0.3), Cancel);
            if (i < 3)
            {
                await _events.Bus.Publish(Batch("steady", seed: 200 + i, incomeMean: 50, predictionShift: 0), Cancel);
            }
        }

        using var client = Client();
        var reports = await Eventually.WaitAsync(() => client.GetFromJsonAsync<JsonElement>("/reports", Cancel),
            r => r.GetProperty("items").GetArrayLength() == 2, "both windows to be evaluated", TimeSpan.FromSeconds(60));
        var drift = await _events.WaitForAsync(e => e.TenantId == _tenant);
        await Task.Delay(500, Cancel);

        Assert.Single(_events.Received, e => e.Message.TenantId == _tenant);
        Assert.Equal("shifted", drift.Message.ModelName);
        Assert.Equal(["income", "prediction"], drift.Message.Features.Select(f => f.Feature).Order());
        Assert.Equal("medium", drift.Message.Severity);
        Assert.All(drift.Message.Features, f => Assert.Equal("wasserstein_normed", f.Method));
        var steady = reports.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("modelName").GetString() == "steady");
        Assert.Equal(1000, steady.GetProperty("windowRows").GetInt64());
        Assert.Equal(0, steady.GetProperty("shareDrifted").GetDouble());
        Assert.Equal(JsonValueKind.Null, steady.GetProperty("severity").ValueKind);
        var shifted = reports.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("modelName").GetString() == "shifted");
        Assert.True(shifted.GetProperty("predictionDrift").GetBoolean());
        Assert.Equal(1.0 / 3, shifted.GetProperty("shareDrifted").GetDouble(), 1e-12);
        Assert.False(shifted.GetProperty("datasetDrift").GetBoolean());

        var id = shifted.GetProperty("id").GetGuid();
        var document = await client.GetFromJsonAsync<JsonElement>($"/reports/{id}/json", Cancel);
        Assert.True(document.GetProperty("columns").GetProperty("income").GetProperty("drift_detected").GetBoolean());
        Assert.False(document.GetProperty("columns").GetProperty("segment").GetProperty("drift_detected").GetBoolean());
        Assert.Equal("jensenshannon", document.GetProperty("columns").GetProperty("segment").GetProperty("method").GetString());
        var age = document.GetProperty("columns").GetProperty("age");
        Assert.Equal(("psi", 0.2), (age.GetProperty("method").GetString(), age.GetProperty("threshold").GetDouble()));
        Assert.True(age.GetProperty("tests").TryGetProperty("ks", out _));
        Assert.Equal(1000, document.GetProperty("window").GetProperty("rows").GetInt64());

        using var html = await client.GetAsync($"/reports/{id}/html", Cancel);
        var page = await html.Content.ReadAsStringAsync(Cancel);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal(4, CountOf(page, "<svg"));
        Assert.Contains("<td>income</td>", page, StringComparison.Ordinal);
        Assert.Contains(">drift</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerformanceWindows_LabelsArrive_OnlyTheDegradedVersionRaisesPerformanceDrift()
    {
        await RegisterAsync("sharp");
        await RegisterAsync("blunt");
        for (var i = 0; i < 2; i++)
        {
            await _events.Bus.Publish(Labelled("sharp", seed: i, separation: 0.905), Cancel);
            await _events.Bus.Publish(Labelled("blunt", seed: 10 + i, separation: 0), Cancel);
        }

        using var client = Client();
        var reports = await Eventually.WaitAsync(() => client.GetFromJsonAsync<JsonElement>("/performance-reports", Cancel),
            r => r.GetProperty("items").GetArrayLength() == 2, "both performance windows to be evaluated", TimeSpan.FromSeconds(60));
        var drift = await _events.WaitForAsync(e => e.TenantId == _tenant);
        await Task.Delay(500, Cancel);

        Assert.Single(_events.Received, e => e.Message.TenantId == _tenant);
        Assert.Equal("blunt", drift.Message.ModelName);
        Assert.Equal("high", drift.Message.Severity);
        Assert.Contains(drift.Message.Features, f => f.Feature == "performance:auc" && f.Score > 0.3);
        var sharp = reports.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("modelName").GetString() == "sharp");
        Assert.Equal(400, sharp.GetProperty("labels").GetInt64());
        Assert.InRange(sharp.GetProperty("auc").GetDouble(), 0.86, 0.94);
        Assert.Equal(0.9, sharp.GetProperty("referenceAuc").GetDouble());
        Assert.False(sharp.GetProperty("driftDetected").GetBoolean());
    }

    private PredictionLabelsRecorded Labelled(string model, int seed, double separation)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, 200).Select(_ => random.NextDouble() < 0.5 ? 1.0 : 0.0).ToList();
        return new PredictionLabelsRecorded
        {
            TenantId = _tenant,
            ModelName = model,
            Version = 1,
            Labels = labels,
            Scores = [.. labels.Select(l => 1 / (1 + Math.Exp(-(Normal(random, 0, 1) + (l == 1 ? separation : -separation)))))],
        };
    }

    [Fact]
    public async Task Window_VersionWithoutProfile_EndsFailedWithoutReport()
    {
        await RegisterAsync("no-profile", withProfile: false);
        for (var i = 0; i < 4; i++)
        {
            await _events.Bus.Publish(Batch("no-profile", seed: i, incomeMean: 50, predictionShift: 0), Cancel);
        }

        using var client = Client();
        await Eventually.WaitAsync(async () => await WindowStateAsync("no-profile"), s => s == "failed", "the window to fail for want of a profile", TimeSpan.FromSeconds(30));
        var reports = await client.GetFromJsonAsync<JsonElement>("/reports", Cancel);
        Assert.Equal(0, reports.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Reports_UnknownId_404ProblemDetails()
    {
        using var client = Client();
        using var response = await client.GetAsync($"/reports/{Guid.NewGuid()}/html", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string?> WindowStateAsync(string model)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_drift.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new Npgsql.NpgsqlCommand("SELECT state FROM monitor_windows WHERE tenant_id = @t AND model_name = @m ORDER BY opened_at DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("t", _tenant);
        command.Parameters.AddWithValue("m", model);
        return (string?)await command.ExecuteScalarAsync(Cancel);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private HttpClient Client()
    {
        var client = _drift.CreateClient();
        client.Authorize(_tenant);
        return client;
    }

    private PredictionsLogged Batch(string model, int seed, double incomeMean, double predictionShift)
    {
        var random = new Random(seed);
        return new PredictionsLogged
        {
            TenantId = _tenant,
            ModelName = model,
            Version = 1,
            RequestIds = [.. Enumerable.Range(0, BatchRows).Select(_ => Guid.NewGuid())],
            RowIndexes = [.. Enumerable.Repeat(0, BatchRows)],
            Features = new Dictionary<string, double?[]>
            {
                ["income"] = [.. Enumerable.Range(0, BatchRows).Select(_ => (double?)Normal(random, incomeMean, 10))],
                ["age"] = [.. Enumerable.Range(0, BatchRows).Select(_ => (double?)Normal(random, 40, 8))],
            },
            Categories = new Dictionary<string, string[]> { ["segment"] = [.. Enumerable.Range(0, BatchRows).Select(_ => Segment(random))] },
            Predictions = [.. Enumerable.Range(0, BatchRows).Select(_ => (double?)Math.Min(1, random.NextDouble() * 0.6 + predictionShift))],
        };
    }

    private async Task RegisterAsync(string model, bool withProfile = true)
    {
        using var client = _registry.CreateClient();
        client.Authorize(_tenant);
        (await client.PostAsJsonAsync("/models", new { name = model }, Cancel)).EnsureSuccessStatusCode();
        var metadata = new JsonObject { ["metrics"] = new JsonObject { ["auc"] = 0.9, ["accuracy"] = 0.82 } };
        if (withProfile)
        {
            metadata["referenceProfile"] = Profile();
        }
        var content = new MultipartFormDataContent { { new StringContent(metadata.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), "metadata" } };
        var artifact = new ByteArrayContent(OnnxModelBuilder.Identity());
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(artifact, "artifact", "model.onnx");
        using var response = await client.PostAsync($"/models/{model}/versions", content, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    // The shape the trainer registers: per feature a row-aligned sample; the holdout's prediction scores.
    private static JsonObject Profile()
    {
        var random = new Random(42);
        JsonArray Sample(Func<JsonNode> draw) => [.. Enumerable.Range(0, ReferenceRows).Select(_ => draw())];
        return new JsonObject
        {
            ["features"] = new JsonObject
            {
                ["income"] = new JsonObject { ["type"] = "numeric", ["sample"] = Sample(() => Normal(random, 50, 10)) },
                ["age"] = new JsonObject { ["type"] = "numeric", ["sample"] = Sample(() => Normal(random, 40, 8)) },
                ["segment"] = new JsonObject { ["type"] = "categorical", ["sample"] = Sample(() => Segment(random)) },
            },
            ["prediction"] = new JsonObject { ["output"] = "Probability", ["profile"] = new JsonObject { ["type"] = "numeric", ["sample"] = Sample(() => random.NextDouble() * 0.6) } },
        };
    }

    private static double Normal(Random random, double mean, double std) =>
        mean + std * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Segment(Random random) => random.NextDouble() switch { < 0.5 => "retail", < 0.8 => "business", _ => "student" };
}
