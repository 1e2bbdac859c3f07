using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Contracts;

namespace MlOps.Inference.Tests;

/// <summary>
/// One canary scenario: a tenant's model "echo" with a champion (an Identity graph) and a challenger registered in the real
/// registry, inference replicas (on their own database, hearing nothing but what they resolve at start) whose canary calls go
/// to a <see cref="FakeRegistry"/>, and a collector of the CanaryDecided events their outbox publishes.
/// </summary>
public sealed class CanaryRig : IAsyncDisposable
{
    public const string Model = "echo";

    private readonly ServingFixture _fixture;
    private readonly List<ServiceFactory<MlOps.Inference.Model.DeploymentResponse>> _replicas = [];

    private CanaryRig(ServingFixture fixture, FakeRegistry registry, MessageCollector<CanaryDecided> events, string tenant, int champion, int challenger)
    {
        _fixture = fixture;
        Registry = registry;
        Events = events;
        Tenant = tenant;
        ChampionVersion = champion;
        ChallengerVersion = challenger;
    }

    public string Tenant { get; }
    public int ChampionVersion { get; }
    public int ChallengerVersion { get; }
    public FakeRegistry Registry { get; }
    public MessageCollector<CanaryDecided> Events { get; }
    public IReadOnlyList<ServiceFactory<MlOps.Inference.Model.DeploymentResponse>> Replicas => _replicas;

    public static async Task<CanaryRig> StartAsync(ServingFixture fixture, byte[] challenger)
    {
        var tenant = HttpJson.NewTenant();
        var champion = await fixture.RegisterAsync(tenant, Model, OnnxModelBuilder.Identity("x", "y", features: 1, producer: "champion-" + tenant));
        await fixture.SetAliasAsync(tenant, Model, "champion", champion);
        var next = await fixture.RegisterAsync(tenant, Model, challenger);
        await fixture.SetAliasAsync(tenant, Model, "challenger", next);
        var rig = new CanaryRig(fixture, await FakeRegistry.StartAsync(), await MessageCollector<CanaryDecided>.StartAsync(TestInfrastructure.RabbitMq("inference-side")),
            tenant, champion, next);
        await rig.AddReplicaAsync();
        return rig;
    }

    /// <summary>Starts a replica on the rig's database (the first one creates it) and waits until it serves both versions.</summary>
    public async Task<HttpClient> AddReplicaAsync()
    {
        var replica = _fixture.StartInference(_replicas.Count == 0 ? null : _replicas[0].DatabaseName, Tenant, Settings(), keepDatabase: true);
        _replicas.Add(replica);
        var client = Client(_replicas.Count - 1);
        await _fixture.WaitServedAsync(client, Model, ChampionVersion);
        await _fixture.WaitServedAsync(client, Model, ChallengerVersion);
        return client;
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["MlOps:Inference:Models:0"] = $"{Tenant}/{Model}",
        // Artifacts still come from the in-memory registry (its handler ignores the host); canary calls go to the fake over HTTP.
        ["MlOps:Inference:RegistryUrl"] = Registry.Url.ToString(),
        ["MlOps:Inference:Canary:FlushInterval"] = "00:00:00.100",
        ["MlOps:Inference:Canary:JudgeInterval"] = "00:00:00.100",
    };

    public HttpClient Client(int replica = 0, params string[] scopes)
    {
        var client = _replicas[replica].CreateClient();
        client.Authorize(Tenant, scopes);
        return client;
    }

    /// <summary>Stops a replica and starts another on the same database, as a restart does.</summary>
    public async Task<HttpClient> RestartReplicaAsync(int replica)
    {
        var database = _replicas[replica].DatabaseName;
        await _replicas[replica].DisposeAsync();
        var restarted = _fixture.StartInference(database, Tenant, Settings(), keepDatabase: true);
        _replicas[replica] = restarted;
        var client = Client(replica);
        await _fixture.WaitServedAsync(client, Model, ChallengerVersion);
        return client;
    }

    public static async Task<HttpResponseMessage> StartRolloutAsync(HttpClient client, string body) =>
        await client.PutAsync($"/deployments/{Model}/rollout", new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

    public static async Task<JsonElement> RolloutAsync(HttpClient client) =>
        await (await client.GetAsync($"/deployments/{Model}/rollout", TestContext.Current.CancellationToken)).JsonAsync();

    /// <summary>Sends predictions (inputs spread over 0-1) until the rollout leaves "running"; returns its final state.</summary>
    public static async Task<JsonElement> DriveUntilDecidedAsync(HttpClient client, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        for (var i = 0; ; i++)
        {
            await PredictAsync(client, i);
            if (i % 10 == 0)
            {
                var rollout = await RolloutAsync(client);
                if (rollout.GetProperty("status").GetString() != "running")
                {
                    return rollout;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The rollout was still running after {timeout ?? TimeSpan.FromSeconds(60)}: {rollout}");
                }
            }
        }
    }

    /// <summary>One prediction of x = (i * 0.618...) mod 1; answers the version that answered (null when it failed).</summary>
    public static async Task<string?> PredictAsync(HttpClient client, int i)
    {
        var x = (i * 0.6180339887) % 1.0;
        var body = JsonNode.Parse($$"""{"inputs":[{"name":"x","shape":[1,1],"datatype":"FP32","data":[{{x.ToString("R", CultureInfo.InvariantCulture)}}]}]}""")!;
        var response = await client.PostJsonAsync($"/v2/models/{Model}/infer", body);
        return response.StatusCode == HttpStatusCode.OK ? response.Headers.GetValues("X-MlOps-Model-Version").Single() : null;
    }

    public async ValueTask DisposeAsync()
    {
        await Events.DisposeAsync();
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        if (_replicas.Count > 0)
        {
            await TestInfrastructure.DropDatabaseAsync(_replicas[0].DatabaseName);
        }
        await Registry.DisposeAsync();
    }
}
