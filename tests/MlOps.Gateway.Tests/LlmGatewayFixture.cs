using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlOps.DevLlmProvider;
using MlOps.TestSupport;

namespace MlOps.Gateway.Tests;

/// <summary>
/// The development LLM provider over real HTTP as the upstream of /v1, and two gateway replicas sharing one database
/// (quotas, usage and keys), so that limits are tested across replicas.
/// </summary>
public class LlmGatewayFixture : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _provider = null!;

    public string AdminKey { get; } = "test-admin-" + Guid.NewGuid().ToString("N");

    public GatewayFactory Gateway { get; private set; } = null!;

    public GatewayFactory Replica { get; private set; } = null!;

    public Uri ReplicaAddress { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        (_provider, var address) = await DevProviderApp.StartAsync(ignoreStreamOptions: ProviderIgnoresStreamOptions);
        var settings = Settings(address.GetLeftPart(UriPartial.Authority));
        var database = TestInfrastructure.UniqueDatabase("gateway");
        Gateway = new GatewayFactory(address.ToString(), AdminKey, databaseName: database, settings: settings) { Clock = GatewayClock };
        Gateway.CreateClient().Dispose();
        Replica = new GatewayFactory(address.ToString(), AdminKey, databaseName: database, settings: settings)
        {
            DropDatabaseOnDispose = false,
            Clock = GatewayClock,
        };
        // The replica listens on a real port, for the OpenAI SDKs (the npm one runs in another process).
        Replica.UseKestrel(0);
        Replica.StartServer();
        ReplicaAddress = new Uri(Replica.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>A provider that never reports a stream's usage, so that the gateway has to count it.</summary>
    protected virtual bool ProviderIgnoresStreamOptions => false;

    /// <summary>The clock both replicas share; null for the system's.</summary>
    protected virtual TimeProvider? GatewayClock => null;

    /// <summary>The gateway's LLM settings in these tests: the provider behind /v1, quick quota flushes, dev-chat's prices.</summary>
    public static Dictionary<string, string> Settings(string provider) => new()
    {
        ["services:guardrail-gateway:http:0"] = provider,
        ["MlOps:Gateway:Llm:FlushInterval"] = "00:00:00.200",
        ["MlOps:Gateway:Llm:Prices:dev-chat:Input"] = "2",
        ["MlOps:Gateway:Llm:Prices:dev-chat:Output"] = "8",
    };

    /// <summary>Creates a virtual key through the admin API and returns its id and secret.</summary>
    public Task<(Guid Id, string Secret)> CreateVirtualKeyAsync(object request) => CreateVirtualKeyAsync(Gateway, AdminKey, request);

    /// <summary>The same, on any gateway.</summary>
    public static async Task<(Guid Id, string Secret)> CreateVirtualKeyAsync(GatewayFactory gateway, string adminKey, object request)
    {
        using var admin = gateway.CreateClient(adminKey);
        var response = await admin.PostAsJsonAsync("/admin/llm-keys", request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.ReadJsonAsync();
        return (body.GetProperty("key").GetProperty("key").GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await Replica.DisposeAsync();
        await Gateway.DisposeAsync();
        await _provider.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same gateways in front of a provider that ignores stream_options, as some OpenAI-compatible servers do.</summary>
public sealed class NoStreamUsageGatewayFixture : LlmGatewayFixture
{
    protected override bool ProviderIgnoresStreamOptions => true;
}
