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
public sealed class LlmGatewayFixture : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _provider = null!;

    public string AdminKey { get; } = "test-admin-" + Guid.NewGuid().ToString("N");

    public GatewayFactory Gateway { get; private set; } = null!;

    public GatewayFactory Replica { get; private set; } = null!;

    public Uri ReplicaAddress { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        (_provider, var address) = await DevProviderApp.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["services:guardrail-gateway:http:0"] = address.GetLeftPart(UriPartial.Authority),
            ["MlOps:Gateway:Llm:FlushInterval"] = "00:00:00.200",
            ["MlOps:Gateway:Llm:Prices:dev-chat:Input"] = "2",
            ["MlOps:Gateway:Llm:Prices:dev-chat:Output"] = "8",
        };
        var database = TestInfrastructure.UniqueDatabase("gateway");
        Gateway = new GatewayFactory(address.ToString(), AdminKey, databaseName: database, settings: settings);
        Gateway.CreateClient().Dispose();
        Replica = new GatewayFactory(address.ToString(), AdminKey, databaseName: database, settings: settings) { DropDatabaseOnDispose = false };
        // The replica listens on a real port, for the OpenAI SDKs (the npm one runs in another process).
        Replica.UseKestrel(0);
        Replica.StartServer();
        ReplicaAddress = new Uri(Replica.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Creates a virtual key through the admin API and returns its id and secret.</summary>
    public async Task<(Guid Id, string Secret)> CreateVirtualKeyAsync(object request)
    {
        using var admin = Gateway.CreateClient(AdminKey);
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
    }
}
