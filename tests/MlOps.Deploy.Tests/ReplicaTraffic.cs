using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MlOps.Deploy.Tests;

/// <summary>
/// The README's flows as ReplicaStopTests drives them through the ingress, one request per call (each is timed on its own
/// against a stop), with what each answered that must not be lost: predictions, incidents, ingest runs, traces.
/// </summary>
public sealed class ReplicaTraffic : IDisposable
{
    public const string Model = "replica-model";
    private const string Pipeline = "replica-loans";
    private const string Entity = "replica_customer";
    private readonly IngressHandler _handler;
    private readonly HttpClient _ingress;
    private HttpClient? _llm;
    private int _chats;

    private ReplicaTraffic(IngressHandler handler, string adminKey)
    {
        _handler = handler;
        _ingress = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri("http://ingress"), Timeout = TimeSpan.FromSeconds(30) };
        _ingress.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
    }

    public ConcurrentBag<Guid> Predictions { get; } = [];

    public ConcurrentBag<Guid> Incidents { get; } = [];

    public ConcurrentBag<Guid> Runs { get; } = [];

    /// <summary>The client the test's own checks use (an ingest run's status).</summary>
    public HttpClient Ingress => _ingress;

    /// <summary>Registers and promotes the model, creates the pipeline, an LLM key and a feature-store entity.</summary>
    public static async Task<ReplicaTraffic> PrepareAsync(ReplicatedPlatform platform, CancellationToken cancel)
    {
        var traffic = new ReplicaTraffic(new IngressHandler([.. platform.ReplicasOf("gateway").Select(g => g.Address)]), platform.AdminKey);
        try
        {
            await traffic.ServeModelAsync(cancel);
            await traffic.CreatePipelineAsync(cancel);
            await traffic.CreateLlmKeyAsync(cancel);
            using var entity = await traffic._ingress.PutAsJsonAsync($"/api/feature-store/entities/{Entity}", new { joinKeys = new[] { "customer_id" } }, cancel);
            Assert.True(entity.IsSuccessStatusCode, await entity.Content.ReadAsStringAsync(cancel));
            return traffic;
        }
        catch
        {
            traffic.Dispose();
            throw;
        }
    }

    // An LLM call through the edge (key, budget, cache, output guard) to guardrail-gateway and its provider; each prompt differs,
    // so none is answered from the edge's cache.
    public async Task<string?> ChatAsync(CancellationToken cancel)
    {
        var n = Interlocked.Increment(ref _chats);
        using var response = await _llm!.PostAsJsonAsync("/v1/chat/completions",
            new { model = "dev-chat", messages = new[] { new { role = "user", content = $"Summarise replica test note {n}" } } }, cancel);
        return await Expect(response, HttpStatusCode.OK, cancel);
    }

    // OTLP intake, then the trace read back: alternately, so each read names a trace the intake accepted.
    public Func<Task<string?>> Traces(CancellationToken cancel)
    {
        string? written = null;
        return async () =>
        {
            if (written is { } traceId)
            {
                written = null;
                using var read = await _ingress.GetAsync($"/api/agentops-tracer/traces/{traceId}", cancel);
                return await Expect(read, HttpStatusCode.OK, cancel) is { } unread ? $"read {traceId}: {unread}" : null;
            }
            var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
            using var export = await _ingress.PostAsync("/api/agentops-tracer/v1/traces",
                new StringContent(OtlpSpan(id), Encoding.UTF8, "application/json"), cancel);
            if (await Expect(export, HttpStatusCode.OK, cancel) is { } failure)
            {
                return $"export: {failure}";
            }
            written = id;
            return null;
        };
    }

    public async Task<string?> InferAsync(CancellationToken cancel)
    {
        var id = Guid.CreateVersion7();
        using var response = await _ingress.PostAsJsonAsync($"/api/inference/v2/models/{Model}/infer", new
        {
            id = id.ToString(),
            inputs = new[] { new { name = "features", shape = new[] { 1, 4 }, datatype = "FP32", data = new[] { 1f, 2f, 3f, Random.Shared.NextSingle() } } },
        }, cancel);
        if (await Expect(response, HttpStatusCode.OK, cancel) is { } failure)
        {
            return failure;
        }
        Predictions.Add(id);
        return null;
    }

    // Idempotent reads across every service, one per call (each request is timed on its own against the stop): the gateway
    // may send these to the other replica when one does not answer.
    public Func<Task<string?>> Reads(CancellationToken cancel)
    {
        string[] paths =
        [
            $"/api/registry/models/{Model}/aliases/champion",
            .. PlatformService.All.Where(s => s.Name != "gateway").Select(s => $"/api/{s.Name}/health"),
            "/api/incident/incidents",
            // A feature-store definition read and a trainer call that trains nothing.
            $"/api/feature-store/entities/{Entity}",
            "/api/trainer/runs",
        ];
        var next = 0;
        return async () =>
        {
            var path = paths[next++ % paths.Length];
            using var response = await _ingress.GetAsync(path, cancel);
            return await Expect(response, HttpStatusCode.OK, cancel) is { } failure ? $"{path}: {failure}" : null;
        };
    }

    public async Task<string?> CompareAsync(CancellationToken cancel)
    {
        using var response = await _ingress.PostAsJsonAsync("/api/drift/v1/drift/compare", new
        {
            reference = new Dictionary<string, object> { ["income"] = new[] { 41000, 52000, 38000, 61000, 45000, 58000, 47000, 39000 } },
            current = new Dictionary<string, object> { ["income"] = new[] { 71000, 82000, 68000, 91000, 75000, 88000, 77000, 69000 } },
        }, cancel);
        return await Expect(response, HttpStatusCode.OK, cancel);
    }

    public async Task<string?> OpenIncidentAsync(CancellationToken cancel)
    {
        using var response = await _ingress.PostAsJsonAsync("/api/incident/incidents", new { title = "replica test", severity = "low" }, cancel);
        if (await Expect(response, HttpStatusCode.Created, cancel) is { } failure)
        {
            return failure;
        }
        Incidents.Add((await response.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("id").GetGuid());
        return null;
    }

    // One run at a time per pipeline: start one, follow it to its end (one request per step), start the next.
    public Func<Task<string?>> PipelineRuns(CancellationToken cancel)
    {
        Guid? current = null;
        return async () =>
        {
            if (current is { } run)
            {
                var status = await RunStatusAsync(run, cancel);
                if (status is not ("queued" or "running" or "succeeded"))
                {
                    return $"run {run}: {status}";
                }
                current = status == "succeeded" ? null : run;
                return null;
            }
            using var response = await _ingress.PostAsync($"/api/ingest/pipelines/{Pipeline}/runs", null, cancel);
            if (await Expect(response, HttpStatusCode.Accepted, cancel) is { } failure)
            {
                return failure;
            }
            current = (await response.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("id").GetGuid();
            Runs.Add(current.Value);
            return null;
        };
    }

    public async Task<string> RunStatusAsync(Guid run, CancellationToken cancel)
    {
        using var response = await _ingress.GetAsync($"/api/ingest/pipelines/{Pipeline}/runs/{run}", cancel);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("status").GetString()!
            : $"{(int)response.StatusCode}";
    }

    private async Task ServeModelAsync(CancellationToken cancel)
    {
        var created = await _ingress.PostAsJsonAsync("/api/registry/models", new { name = Model }, cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var upload = new MultipartFormDataContent
        {
            { new StringContent("""{"metrics":{"auc":0.9}}""", Encoding.UTF8, "application/json"), "metadata" },
            { new ByteArrayContent(OnnxModelBuilder.Identity()), "artifact", "model.onnx" },
        };
        var registered = await _ingress.PostAsync($"/api/registry/models/{Model}/versions", upload, cancel);
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync(cancel));
        var promoted = await _ingress.PutAsJsonAsync($"/api/registry/models/{Model}/aliases/champion", new { version = 1 }, cancel);
        Assert.True(promoted.StatusCode == HttpStatusCode.OK, await promoted.Content.ReadAsStringAsync(cancel));
        // Both inference replicas load the champion (the alias change reaches one; the deployment row and its notice reach both).
        var ready = 0;
        await Eventually.WaitAsync(async () =>
        {
            using var response = await _ingress.GetAsync($"/api/inference/v2/models/{Model}/ready", cancel);
            ready = response.StatusCode == HttpStatusCode.OK ? ready + 1 : 0;
            return ready;
        }, n => n >= 8, "both inference replicas to serve the champion", TimeSpan.FromSeconds(60));
    }

    private async Task CreatePipelineAsync(CancellationToken cancel)
    {
        // Large enough that a run is likely under way when its replica stops.
        var csv = new StringBuilder("id,income,defaulted\n");
        for (var i = 0; i < 100_000; i++)
        {
            csv.Append(i).Append(',').Append(30_000 + (i % 50_000)).Append(',').Append(i % 7 == 0 ? '1' : '0').Append('\n');
        }
        var uploaded = await _ingress.PostAsync("/api/ingest/uploads?name=loans.csv", new StringContent(csv.ToString()), cancel);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync(cancel));
        var uploadId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("uploadId").GetString();
        var pipeline = await _ingress.PostAsJsonAsync("/api/ingest/pipelines", new
        {
            name = Pipeline,
            dataset = "lending",
            source = new { type = "files", config = new { resource = "applications", location = new { type = "upload", upload_id = uploadId } } },
        }, cancel);
        Assert.True(pipeline.StatusCode == HttpStatusCode.Created, await pipeline.Content.ReadAsStringAsync(cancel));
    }

    private static async Task<string?> Expect(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancel) =>
        response.StatusCode == expected ? null : $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancel)}";

    private async Task CreateLlmKeyAsync(CancellationToken cancel)
    {
        using var created = await _ingress.PostAsJsonAsync("/admin/llm-keys", new { tenantId = "acme", name = "replica-bot", models = new[] { "dev-chat" } }, cancel);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(cancel));
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("secret").GetString();
        _llm = new HttpClient(_handler, disposeHandler: false) { BaseAddress = new Uri("http://ingress"), Timeout = TimeSpan.FromSeconds(30) };
        _llm.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        // The first call waits for guardrail-gateway's replicas and the provider to answer.
        await Eventually.WaitAsync(() => ChatAsync(cancel), failure => failure is null, "an LLM call to be answered", TimeSpan.FromSeconds(60));
    }

    private static string OtlpSpan(string traceId)
    {
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1_000) * 1_000_000;
        return JsonSerializer.Serialize(new
        {
            resourceSpans = new[]
            {
                new
                {
                    resource = new { attributes = new[] { new { key = "service.name", value = new { stringValue = "replica-agent" } } } },
                    scopeSpans = new[]
                    {
                        new
                        {
                            spans = new[]
                            {
                                new
                                {
                                    traceId,
                                    spanId = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64())),
                                    name = "chat dev-chat",
                                    kind = 3,
                                    startTimeUnixNano = start.ToString(System.Globalization.CultureInfo.InvariantCulture),
                                    endTimeUnixNano = (start + 200_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                                    attributes = new[] { new { key = "gen_ai.operation.name", value = new { stringValue = "chat" } } },
                                },
                            },
                        },
                    },
                },
            },
        });
    }

    public void Dispose()
    {
        _llm?.Dispose();
        _ingress.Dispose();
        _handler.Dispose();
    }
}
