using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using MlOps.ServiceDefaults.Configuration;

namespace MlOps.Deploy.Tests;

/// <summary>Each service started from its build output outside the AppHost, as a container or a plain host starts it.</summary>
public sealed class StandaloneStartTests
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Start_WithoutConfiguration_RefusesNamingEverySettingItNeeds(string name)
    {
        var service = PlatformService.Named(name);
        await using var process = StandaloneProcess.Start(service, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        var exit = await process.WaitForExitAsync(StartLimit);

        Assert.Equal(MissingConfigurationException.ExitCode, exit);
        Assert.Contains("cannot start: missing configuration", process.Output, StringComparison.Ordinal);
        Assert.Contains($"ConnectionStrings__{ServiceRequirements.DatabaseOf(service)}", process.Output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__messaging", process.Output, StringComparison.Ordinal);
        Assert.Contains(name == "gateway" ? "MlOps__Gateway__Identity__SigningKeys__0" : "MlOps__Identity__JwksUrl", process.Output, StringComparison.Ordinal);
        if (ServiceRequirements.VerifiesGatewayTokens(service))
        {
            // Its own identity, for background work and calls on a caller's behalf: refused at start, not at the first call.
            Assert.Contains("MlOps__Identity__TokenUrl", process.Output, StringComparison.Ordinal);
            Assert.Contains("MlOps__Identity__ServiceName", process.Output, StringComparison.Ordinal);
            Assert.Contains("MlOps__Identity__ServiceSecret", process.Output, StringComparison.Ordinal);
        }
        // A refusal, not a crash: no stack trace.
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OnlyTheDatabaseMissing_NamesOnlyTheDatabase()
    {
        var registry = PlatformService.Named("registry");
        await using var process = StandaloneProcess.Start(registry, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__messaging"] = TestInfrastructure.RabbitMq("deploy").ToString(),
            ["MlOps__Identity__JwksUrl"] = "http://gateway/.well-known/jwks.json",
            ["MlOps__Identity__TokenUrl"] = "http://gateway/identity/token",
            ["MlOps__Identity__ServiceName"] = "registry",
            ["MlOps__Identity__ServiceSecret"] = "not-used-before-the-refusal",
        });

        var exit = await process.WaitForExitAsync(StartLimit);

        Assert.Equal(MissingConfigurationException.ExitCode, exit);
        Assert.Contains("ConnectionStrings__registrydb", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ConnectionStrings__messaging", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MlOps__Identity__", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_GatewayAndRegistryFromConfigurationAlone_ServeThroughTheGateway()
    {
        var gatewayDatabase = TestInfrastructure.UniqueDatabase("deploy_gateway");
        var registryDatabase = TestInfrastructure.UniqueDatabase("deploy_registry");
        var artifacts = Directory.CreateTempSubdirectory("mlops-deploy-artifacts");
        var adminKey = "mlk_" + RandomNumberGenerator.GetHexString(32);
        var registryCredential = RandomNumberGenerator.GetHexString(32);
        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // Its own queue names, so no other run's registry competes for its messages; quorum queues, as in the manifests.
        var prefix = "deploy" + Guid.NewGuid().ToString("N")[..8];
        var broker = TestInfrastructure.RabbitMq("deploy");
        try
        {
            // The registry first: the gateway's route to it comes from services__registry__http__0, as in the manifests.
            var registry = PlatformService.Named("registry");
            var gatewayAddress = new Uri($"http://127.0.0.1:{StandaloneProcess.FreePort()}");
            await using var registryProcess = StandaloneProcess.Start(registry, new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__registrydb"] = TestInfrastructure.Postgres(registryDatabase),
                ["ConnectionStrings__messaging"] = broker.ToString(),
                ["MlOps__Identity__JwksUrl"] = new Uri(gatewayAddress, "/.well-known/jwks.json").ToString(),
                ["MlOps__Identity__TokenUrl"] = new Uri(gatewayAddress, "/identity/token").ToString(),
                ["MlOps__Identity__ServiceName"] = "registry",
                ["MlOps__Identity__ServiceSecret"] = registryCredential,
                ["MlOps__Registry__ArtifactRoot"] = artifacts.FullName,
                ["MlOps__Messaging__EndpointPrefix"] = prefix,
                ["MlOps__Messaging__QuorumQueues"] = "true",
            });
            await using var gatewayProcess = StandaloneProcess.Start(PlatformService.Named("gateway"), new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = gatewayAddress.ToString(),
                ["ConnectionStrings__gatewaydb"] = TestInfrastructure.Postgres(gatewayDatabase),
                ["ConnectionStrings__messaging"] = broker.ToString(),
                ["MlOps__Gateway__Identity__SigningKeys__0"] = signingKey.ExportPkcs8PrivateKeyPem(),
                ["MlOps__Gateway__Identity__Services__registry"] = registryCredential,
                ["MLOPS_ADMIN_KEY"] = adminKey,
                ["MlOps__Gateway__AdminKeyFile"] = Path.Combine(artifacts.FullName, "admin-key"),
                ["services__registry__http__0"] = registryProcess.Address.ToString(),
            });

            await registryProcess.WaitForOkAsync("/alive", StartLimit);
            await gatewayProcess.WaitForOkAsync("/alive", StartLimit);
            await registryProcess.WaitForOkAsync("/health", StartLimit);
            await gatewayProcess.WaitForOkAsync("/health", StartLimit);

            // An admin's request, routed by configuration and verified by the registry against the gateway's JWKS.
            using var client = new HttpClient { BaseAddress = gatewayProcess.Address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            var models = await client.GetAsync("/api/registry/models", TestContext.Current.CancellationToken);
            Assert.True(models.StatusCode == HttpStatusCode.OK,
                $"{models.StatusCode}: {await models.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}\n{gatewayProcess.Output}\n{registryProcess.Output}");
            // The registry's consumer queue (roll-back-champion) was declared as a quorum queue, not a classic one.
            Assert.True(await BrokerQueues.IsDeclaredAsAsync(broker, $"{prefix}-roll-back-champion", "quorum"));
            Assert.False(await BrokerQueues.IsDeclaredAsAsync(broker, $"{prefix}-roll-back-champion", "classic"));
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(gatewayDatabase);
            await TestInfrastructure.DropDatabaseAsync(registryDatabase);
            artifacts.Delete(recursive: true);
            await BrokerQueues.DeleteAsync(broker, $"{prefix}-roll-back-champion");
        }
    }
}
