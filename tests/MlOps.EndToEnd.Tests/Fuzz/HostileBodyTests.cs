using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.TestSupport;

namespace MlOps.EndToEnd.Tests.Fuzz;

/// <summary>
/// Hostile bodies against every POST, PUT and PATCH operation the services and the gateway document (read from their OpenAPI
/// documents when the test runs, so operations added later are covered) and against the OpenAI-compatible /v1 routes:
/// nothing answers 5xx, and every 4xx has its route's error shape.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HostileBodyTests(PlatformFixture platform)
{
    private const int Seed = 20261202;
    private const string DemoModel = "credit-default";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);
    private const int UnansweredBeforeGivingUp = 2;

    [Fact]
    public async Task EveryDocumentedWriteOperation_HostileBodies_NoServerErrorAndEveryClientErrorInItsRouteShape()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var admin = platform.Gateway(platform.AdminKey);
        var fuzzModel = await RegisterFuzzModelAsync(admin, cancel);
        await WaitForDemoModelAsync(admin, cancel);
        var targets = new List<(HttpClient Client, DocumentedOperation Operation)>();
        foreach (var service in PlatformFixture.Services.Append("gateway"))
        {
            var prefix = service == "gateway" ? "" : $"/api/{service}";
            var document = await admin.GetFromJsonAsync<JsonElement>($"{prefix}/openapi/v1.json", cancel);
            foreach (var operation in OpenApiOperations.Read(document, prefix, (name, template) => Fill(service, name, template, fuzzModel)))
            {
                // A key per operation: each has its own rate-limit bucket, so no answer is a 429 instead of the one under test.
                targets.Add((platform.Gateway(await CreateAdminKeyAsync(admin, operation.Method + " " + operation.Template, cancel)), operation));
            }
        }

        var outcome = await SendAllAsync(targets, cancel);

        foreach (var (client, _) in targets)
        {
            client.Dispose();
        }
        Assert.Contains(targets, t => t.Operation.Template.TrimEnd('/') == "/models/{name}/versions");
        Assert.Contains(targets, t => t.Operation.Template.TrimEnd('/') == "/jobs");
        Assert.True(outcome.Failures.IsEmpty, await ReportAsync(outcome, cancel));
    }

    [Fact]
    public async Task OpenAiRoutes_HostileBodiesUnderAVirtualKey_NoServerErrorAndEveryClientErrorAnOpenAiError()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var admin = platform.Gateway(platform.AdminKey);
        var created = await admin.PostAsJsonAsync("/admin/llm-keys", new { tenantId = "fuzz", name = "fuzz", models = new[] { "dev-chat" } }, cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var client = platform.Gateway((await created.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("secret").GetString());
        await Eventually.WaitAsync(() => client.PostAsJsonAsync("/v1/chat/completions",
            new { model = "dev-chat", messages = new[] { new { role = "user", content = "hello" } } }, cancel),
            r => r.StatusCode == HttpStatusCode.OK, "guardrail-gateway and the development provider to answer", TimeSpan.FromSeconds(60));
        const string Messages = "[{\"role\":\"user\",\"content\":\"hello\"}]";
        DocumentedOperation Operation(string path, params SchemaProperty[] properties) => new("POST", path, path, ["application/json"], properties);
        var operations = new[]
        {
            Operation("/v1/chat/completions", new("model", "string", null, null, "\"dev-chat\""), new("messages", "array", null, null, Messages),
                new("stream", "boolean", null, null), new("stream_options", "object", null, null), new("temperature", "number", null, null),
                new("top_p", "number", null, null), new("max_tokens", "integer", null, null), new("max_completion_tokens", "integer", null, null),
                new("n", "integer", null, null), new("stop", "array", null, null), new("seed", "integer", null, null), new("tools", "array", null, null),
                new("tool_choice", "string", null, null, "\"auto\""), new("response_format", "object", null, null, "{\"type\":\"text\"}"),
                new("presence_penalty", "number", null, null), new("frequency_penalty", "number", null, null), new("logprobs", "boolean", null, null),
                new("user", "string", null, null)),
            Operation("/v1/embeddings", new("model", "string", null, null, "\"dev-chat\""), new("input", "array", null, null, "[\"hello\"]"),
                new("encoding_format", "string", null, null, "\"float\""), new("dimensions", "integer", null, null), new("user", "string", null, null)),
        };

        var outcome = await SendAllAsync([.. operations.Select(o => (client, o))], cancel);

        Assert.True(outcome.Failures.IsEmpty, await ReportAsync(outcome, cancel));
    }

    // A failure's report carries the gateway's own account of requests it could not forward (a 502 says nothing more).
    private async Task<string> ReportAsync(FuzzOutcome outcome, CancellationToken cancel) =>
        outcome.Failures.IsEmpty ? "" : outcome.Report() + await platform.GatewayForwardingFailuresAsync(cancel);

    private static async Task<FuzzOutcome> SendAllAsync(List<(HttpClient Client, DocumentedOperation Operation)> targets, CancellationToken cancel)
    {
        var csvHeader = DemoCsvHeader();
        var onnx = OnnxModelBuilder.Identity();
        var outcome = new FuzzOutcome(targets.Count);
        // A few operations at a time; each operation's corpus is seeded by the operation, so the run order changes nothing.
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancel }, async (target, token) =>
        {
            var (client, operation) = target;
            var unanswered = 0;
            var bodies = new FuzzCorpus(Seed ^ StableHash(operation.Method + " " + operation.Template), csvHeader, onnx).For(operation);
            foreach (var (body, index) in bodies.Select((b, i) => (b, i)))
            {
                // A route that stopped answering would cost every later body the whole timeout: it is reported once and left.
                unanswered = await SendAsync(client, operation, body, outcome, token) ? 0 : unanswered + 1;
                if (unanswered == UnansweredBeforeGivingUp)
                {
                    outcome.Fail(operation, body, $"stopped answering; the {bodies.Count - index - 1} bodies left were not sent");
                    break;
                }
            }
        });
        TestContext.Current.TestOutputHelper?.WriteLine(outcome.Summary());
        return outcome;
    }

    /// <summary>Sends one body and judges the answer; false when nothing answered.</summary>
    private static async Task<bool> SendAsync(HttpClient client, DocumentedOperation operation, FuzzBody body, FuzzOutcome outcome, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(RequestTimeout);
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), operation.Path) { Content = body.Create() };
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            outcome.Count(status);
            if (RouteContract.Violation(operation.Path, status, response.Content.Headers.ContentType, text) is { } violation)
            {
                outcome.Fail(operation, body, $"{status} {violation}: {response.Content.Headers.ContentType} {Shorten(text)}");
            }
            return true;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancel.IsCancellationRequested))
        {
            outcome.Count(0);
            outcome.Fail(operation, body, $"no answer: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    // Path and query parameters: the demo model where a body would be scored, a model of the test's own for the registry and
    // deployments (so bodies that turn out valid change nothing another test reads), version 1, fresh GUIDs for ids.
    private static string Fill(string service, string name, string template, string fuzzModel) => name switch
    {
        "model" when service == "inference" && (template.Contains("infer", StringComparison.Ordinal)
            || template.Contains(":predict", StringComparison.Ordinal) || template.StartsWith("/jobs", StringComparison.Ordinal)) => DemoModel,
        "model" or "name" when service is "registry" or "inference" => fuzzModel,
        "name" when service == "guardrail-gateway" => "fuzz-policy",
        "version" => "1",
        "alias" => "challenger",
        "id" => Guid.NewGuid().ToString(),
        _ when template.EndsWith('?') => "",
        _ => "fuzz",
    };

    private static async Task<string> RegisterFuzzModelAsync(HttpClient admin, CancellationToken cancel)
    {
        var name = "fuzz-" + Guid.NewGuid().ToString("N")[..8];
        var created = await Eventually.WaitAsync(() => admin.PostAsJsonAsync("/api/registry/models", new { name }, cancel),
            r => r.StatusCode == HttpStatusCode.Created, "the registry to create a model", TimeSpan.FromSeconds(60));
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(OnnxModelBuilder.Identity()), "artifact", "model.onnx" } };
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/api/registry/models/{name}/versions", upload, cancel)).StatusCode);
        return name;
    }

    // Until the demo model is served, inference answers 503 (not ready) and would not read the bodies at all.
    private static Task WaitForDemoModelAsync(HttpClient admin, CancellationToken cancel) =>
        Eventually.WaitAsync(() => admin.GetAsync($"/api/inference/v2/models/{DemoModel}/ready", cancel),
            r => r.StatusCode == HttpStatusCode.OK, "inference to serve the demo model", TimeSpan.FromSeconds(180));

    private static async Task<string> CreateAdminKeyAsync(HttpClient admin, string purpose, CancellationToken cancel)
    {
        var response = await admin.PostAsJsonAsync("/admin/keys", new { tenantId = "admin", name = "fuzz " + purpose, scopes = new[] { "admin" } }, cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("secret").GetString()!;
    }

    private static string DemoCsvHeader()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "MlOps.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }
        return File.ReadLines(Path.Combine(root, "services/trainer/DemoData/credit-default.csv")).First();
    }

    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>Every answer counted by status; every failure kept, reported together.</summary>
    private sealed class FuzzOutcome(int operations)
    {
        private readonly ConcurrentDictionary<int, int> _statuses = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public void Count(int status) => _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);

        public void Fail(DocumentedOperation operation, FuzzBody body, string what) => Failures.Enqueue($"{operation} [{body}] -> {what}");

        public string Summary() => $"{operations} operations, {_statuses.Values.Sum()} requests; answers by status: "
            + string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "none" : s.Key)}: {s.Value}"));

        public string Report() => $"{Failures.Count} answers broke the contract ({Summary()}):\n" + string.Join('\n', Failures.Order(StringComparer.Ordinal));
    }
}
