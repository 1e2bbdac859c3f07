using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace MlOps.Deploy.Tests;

/// <summary>
/// Issue 24's "done when": two replicas of the gateway and of every service, behind the gateway, carry the README's flows;
/// one replica of each is stopped mid-traffic; nothing that started 2 s after the stop fails and nothing stored or sent is lost.
/// </summary>
public sealed class ReplicaStopTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan BeforeStop = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AfterStop = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);
    private const string Model = "replica-model";
    private const string Pipeline = "replica-loans";

    [Fact]
    public async Task Traffic_OneReplicaOfEachStopped_NothingAfterTwoSecondsFailsAndNothingIsLost()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var platform = await ReplicatedPlatform.StartAsync(cancel);
        using var ingress = new HttpClient(new IngressHandler([.. platform.ReplicasOf("gateway").Select(g => g.Address)]))
        {
            BaseAddress = new Uri("http://ingress"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        ingress.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", platform.AdminKey);
        await ServeModelAsync(ingress, cancel);
        await CreatePipelineAsync(ingress, cancel);

        var log = new ConcurrentQueue<TrafficRecord>();
        var predictions = new ConcurrentBag<Guid>();
        var incidents = new ConcurrentBag<Guid>();
        var runs = new ConcurrentBag<Guid>();
        var clock = Stopwatch.StartNew();
        using var trafficEnd = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var traffic = new List<Task>
        {
            Loop(log, clock, "infer", trafficEnd.Token, () => InferAsync(ingress, predictions, cancel)),
            Loop(log, clock, "infer", trafficEnd.Token, () => InferAsync(ingress, predictions, cancel)),
            Loop(log, clock, "read", trafficEnd.Token, Reads(ingress, cancel)),
            Loop(log, clock, "drift-compare", trafficEnd.Token, () => CompareAsync(ingress, cancel)),
            Loop(log, clock, "incident", trafficEnd.Token, () => OpenIncidentAsync(ingress, incidents, cancel)),
            Loop(log, clock, "ingest-run", trafficEnd.Token, PipelineRuns(ingress, runs, cancel)),
        };

        await Task.Delay(BeforeStop, cancel);
        // The gateways spread a service's requests over both its replicas (inference's infer carries most of the traffic).
        foreach (var (service, route) in new[] { ("inference", "/v2/models/{model}/infer") })
        {
            foreach (var replica in platform.ReplicasOf(service))
            {
                Assert.True(await ServedAsync(replica, route, platform.MetricsCredential, cancel) > 0, $"a {service} replica served no {route}");
            }
        }
        var stoppedAt = clock.Elapsed;
        // One replica of everything at once, the gateway's included, each as Kubernetes stops a pod (SIGTERM).
        await Task.WhenAll(PlatformService.All.Select(s => platform.ReplicasOf(s.Name)[0].StopAsync(TimeSpan.FromSeconds(40))));
        var stopped = clock.Elapsed;
        await Task.Delay(AfterStop - (stopped - stoppedAt), cancel);
        await trafficEnd.CancelAsync();
        await Task.WhenAll(traffic);

        var records = log.ToList();
        var output = TestContext.Current.TestOutputHelper;
        foreach (var flow in records.GroupBy(r => r.Flow))
        {
            output?.WriteLine($"{flow.Key}: {flow.Count()} requests, {flow.Count(r => !r.Succeeded)} failed, all of those within 2 s of the stop"
                + $" ({string.Join("; ", flow.Where(r => !r.Succeeded).Select(r => $"{(r.Started - stoppedAt).TotalSeconds:F2} s (took {r.Took.TotalSeconds:F2} s): {r.Detail[..Math.Min(80, r.Detail.Length)]}"))})");
        }
        output?.WriteLine($"stop of one replica of each of {PlatformService.All.Count} deployables took {(stopped - stoppedAt).TotalSeconds:F2} s");
        var failures = records.Where(r => !r.Succeeded && (r.Started < stoppedAt || r.Started > stoppedAt + Grace)).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {records.Count} requests failed outside the 2 s after the stop at {stoppedAt}:\n"
            + string.Join('\n', failures.Take(20).Select(f => $"{f.Started} (took {f.Took.TotalSeconds:F2} s) {f.Flow}: {f.Detail}")));
        // Every flow kept going through the surviving replicas.
        foreach (var flow in records.Select(r => r.Flow).Distinct())
        {
            Assert.Contains(records, r => r.Flow == flow && r.Succeeded && r.Started > stoppedAt + Grace);
        }
        Assert.All(PlatformService.All, s => Assert.False(platform.ReplicasOf(s.Name)[1].HasExited, $"{s.Name}'s second replica exited"));

        await AssertNothingLostAsync(platform, ingress, predictions, incidents, runs, cancel);
        await using var ingest = await platform.OpenDatabaseAsync("ingest", cancel);
        output?.WriteLine($"ingest runs: {runs.Count}, taken over from the stopped replica: {await CountAsync(ingest, "SELECT count(*) FROM pipeline_runs WHERE claims > 1", cancel)}");
    }

    // Requests the replica answered on the route, from its Prometheus metrics (ASP.NET Core's http.server.request.duration).
    private static async Task<double> ServedAsync(StandaloneProcess replica, string route, string credential, CancellationToken cancel)
    {
        using var scraper = new HttpClient { BaseAddress = replica.Address };
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        var metrics = await scraper.GetStringAsync("/metrics", cancel);
        return metrics.Split('\n')
            .Where(line => line.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
                && line.Contains($"http_route=\"{route}\"", StringComparison.Ordinal))
            // name{labels} value [timestamp]
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 2)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task AssertNothingLostAsync(ReplicatedPlatform platform, HttpClient ingress, ConcurrentBag<Guid> predictions,
        ConcurrentBag<Guid> incidents, ConcurrentBag<Guid> runs, CancellationToken cancel)
    {
        // Every outbox is drained: each event a replica committed was sent, by it or by the survivor.
        foreach (var service in PlatformService.All)
        {
            await using var db = await platform.OpenDatabaseAsync(service.Name, cancel);
            await Eventually.WaitAsync(() => CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL", cancel), n => n == 0,
                $"{service.Name}'s outbox to be sent", TimeSpan.FromSeconds(30));
        }
        // Every answered prediction is in inference's log, and every logged row reached drift's monitoring windows once.
        await using (var inference = await platform.OpenDatabaseAsync("inference", cancel))
        {
            var logged = await Eventually.WaitAsync(() => CountAsync(inference,
                $"SELECT count(DISTINCT request_id) FROM predictions WHERE request_id = ANY(@ids)", cancel, predictions.ToArray()),
                n => n == predictions.Count, $"the {predictions.Count} answered predictions to be logged", TimeSpan.FromSeconds(30));
            var rows = await CountAsync(inference, $"SELECT count(*) FROM predictions WHERE model_name = '{Model}'", cancel);
            Assert.True(rows >= logged);
            await using var drift = await platform.OpenDatabaseAsync("drift", cancel);
            await Eventually.WaitAsync(() => CountAsync(drift, $"SELECT coalesce(sum(row_count), 0) FROM monitor_windows WHERE model_name = '{Model}'", cancel),
                n => n == rows, $"drift's windows to hold the {rows} logged rows", TimeSpan.FromSeconds(30));
        }
        // Every incident answered 201 is stored.
        await using (var incident = await platform.OpenDatabaseAsync("incident", cancel))
        {
            Assert.Equal(incidents.Count, await CountAsync(incident, "SELECT count(*) FROM incidents WHERE id = ANY(@ids)", cancel, incidents.ToArray()));
        }
        // Every accepted ingest run finished, loaded, even the one a stopped replica held (its lease ran out and the survivor took it).
        foreach (var run in runs)
        {
            var status = await Eventually.WaitAsync(() => RunStatusAsync(ingress, run, cancel), s => s is "succeeded" or "failed" or "cancelled",
                $"ingest run {run} to finish", TimeSpan.FromSeconds(60));
            Assert.True(status == "succeeded", $"ingest run {run}: {status}");
        }
    }

    private static async Task Loop(ConcurrentQueue<TrafficRecord> log, Stopwatch clock, string flow, CancellationToken end, Func<Task<string?>> request)
    {
        while (!end.IsCancellationRequested)
        {
            var started = clock.Elapsed;
            string? failure;
            try
            {
                failure = await request();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                failure = $"{e.GetType().Name}: {e.Message}";
            }
            log.Enqueue(new TrafficRecord(flow, started, clock.Elapsed - started, failure is null, failure ?? "ok"));
            // Paced, not flooded: 20 processes share two cores, and the point is failover, not throughput.
            await Task.Delay(Pace, CancellationToken.None);
        }
    }

    private static async Task<string?> Expect(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancel) =>
        response.StatusCode == expected ? null : $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancel)}";

    private static async Task<string?> InferAsync(HttpClient ingress, ConcurrentBag<Guid> predictions, CancellationToken cancel)
    {
        var id = Guid.CreateVersion7();
        using var response = await ingress.PostAsJsonAsync($"/api/inference/v2/models/{Model}/infer", new
        {
            id = id.ToString(),
            inputs = new[] { new { name = "features", shape = new[] { 1, 4 }, datatype = "FP32", data = new[] { 1f, 2f, 3f, Random.Shared.NextSingle() } } },
        }, cancel);
        if (await Expect(response, HttpStatusCode.OK, cancel) is { } failure)
        {
            return failure;
        }
        predictions.Add(id);
        return null;
    }

    // Idempotent reads across every service, one per call (each request is timed on its own against the stop): the gateway
    // may send these to the other replica when one does not answer.
    private static Func<Task<string?>> Reads(HttpClient ingress, CancellationToken cancel)
    {
        string[] paths =
        [
            $"/api/registry/models/{Model}/aliases/champion",
            .. PlatformService.All.Where(s => s.Name != "gateway").Select(s => $"/api/{s.Name}/health"),
            "/api/incident/incidents",
        ];
        var next = 0;
        return async () =>
        {
            var path = paths[next++ % paths.Length];
            using var response = await ingress.GetAsync(path, cancel);
            return await Expect(response, HttpStatusCode.OK, cancel) is { } failure ? $"{path}: {failure}" : null;
        };
    }

    private static async Task<string?> CompareAsync(HttpClient ingress, CancellationToken cancel)
    {
        using var response = await ingress.PostAsJsonAsync("/api/drift/v1/drift/compare", new
        {
            reference = new Dictionary<string, object> { ["income"] = new[] { 41000, 52000, 38000, 61000, 45000, 58000, 47000, 39000 } },
            current = new Dictionary<string, object> { ["income"] = new[] { 71000, 82000, 68000, 91000, 75000, 88000, 77000, 69000 } },
        }, cancel);
        return await Expect(response, HttpStatusCode.OK, cancel);
    }

    private static async Task<string?> OpenIncidentAsync(HttpClient ingress, ConcurrentBag<Guid> incidents, CancellationToken cancel)
    {
        using var response = await ingress.PostAsJsonAsync("/api/incident/incidents", new { title = "replica test", severity = "low" }, cancel);
        if (await Expect(response, HttpStatusCode.Created, cancel) is { } failure)
        {
            return failure;
        }
        incidents.Add((await response.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("id").GetGuid());
        return null;
    }

    // One run at a time per pipeline: start one, follow it to its end (one request per step), start the next.
    private static Func<Task<string?>> PipelineRuns(HttpClient ingress, ConcurrentBag<Guid> runs, CancellationToken cancel)
    {
        Guid? current = null;
        return async () =>
        {
            if (current is { } run)
            {
                var status = await RunStatusAsync(ingress, run, cancel);
                if (status is not ("queued" or "running" or "succeeded"))
                {
                    return $"run {run}: {status}";
                }
                current = status == "succeeded" ? null : run;
                return null;
            }
            using var response = await ingress.PostAsync($"/api/ingest/pipelines/{Pipeline}/runs", null, cancel);
            if (await Expect(response, HttpStatusCode.Accepted, cancel) is { } failure)
            {
                return failure;
            }
            current = (await response.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("id").GetGuid();
            runs.Add(current.Value);
            return null;
        };
    }

    private static async Task<string> RunStatusAsync(HttpClient ingress, Guid run, CancellationToken cancel)
    {
        using var response = await ingress.GetAsync($"/api/ingest/pipelines/{Pipeline}/runs/{run}", cancel);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("status").GetString()!
            : $"{(int)response.StatusCode}";
    }

    private static async Task ServeModelAsync(HttpClient ingress, CancellationToken cancel)
    {
        var created = await ingress.PostAsJsonAsync("/api/registry/models", new { name = Model }, cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var upload = new MultipartFormDataContent
        {
            { new StringContent("""{"metrics":{"auc":0.9}}""", Encoding.UTF8, "application/json"), "metadata" },
            { new ByteArrayContent(OnnxModelBuilder.Identity()), "artifact", "model.onnx" },
        };
        var registered = await ingress.PostAsync($"/api/registry/models/{Model}/versions", upload, cancel);
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync(cancel));
        var promoted = await ingress.PutAsJsonAsync($"/api/registry/models/{Model}/aliases/champion", new { version = 1 }, cancel);
        Assert.True(promoted.StatusCode == HttpStatusCode.OK, await promoted.Content.ReadAsStringAsync(cancel));
        // Both inference replicas load the champion (the alias change reaches one; the deployment row and its notice reach both).
        var ready = 0;
        await Eventually.WaitAsync(async () =>
        {
            using var response = await ingress.GetAsync($"/api/inference/v2/models/{Model}/ready", cancel);
            ready = response.StatusCode == HttpStatusCode.OK ? ready + 1 : 0;
            return ready;
        }, n => n >= 8, "both inference replicas to serve the champion", TimeSpan.FromSeconds(60));
    }

    private static async Task CreatePipelineAsync(HttpClient ingress, CancellationToken cancel)
    {
        // Large enough that a run is likely under way when its replica stops.
        var csv = new StringBuilder("id,income,defaulted\n");
        for (var i = 0; i < 100_000; i++)
        {
            csv.Append(i).Append(',').Append(30_000 + (i % 50_000)).Append(',').Append(i % 7 == 0 ? '1' : '0').Append('\n');
        }
        var uploaded = await ingress.PostAsync("/api/ingest/uploads?name=loans.csv", new StringContent(csv.ToString()), cancel);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync(cancel));
        var uploadId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("uploadId").GetString();
        var pipeline = await ingress.PostAsJsonAsync("/api/ingest/pipelines", new
        {
            name = Pipeline,
            dataset = "lending",
            source = new { type = "files", config = new { resource = "applications", location = new { type = "upload", upload_id = uploadId } } },
        }, cancel);
        Assert.True(pipeline.StatusCode == HttpStatusCode.Created, await pipeline.Content.ReadAsStringAsync(cancel));
    }

    private static async Task<long> CountAsync(NpgsqlConnection db, string sql, CancellationToken cancel, Guid[]? ids = null)
    {
        await using var command = new NpgsqlCommand(sql, db);
        if (ids is not null)
        {
            command.Parameters.AddWithValue("ids", ids);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancel), System.Globalization.CultureInfo.InvariantCulture);
    }
}
