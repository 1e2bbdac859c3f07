using System.Security.Cryptography;
using Npgsql;

namespace MlOps.Deploy.Tests;

/// <summary>
/// Two replicas of the gateway and of every service, each started from its build output with configuration alone, on the
/// test PostgreSQL and RabbitMQ: each service's replicas share its database and queues, and find their peers (the gateway
/// included) at both replicas' addresses through service discovery's configuration, as a Kubernetes Service would give them.
/// </summary>
public sealed class ReplicatedPlatform : IAsyncDisposable
{
    public const int Replicas = 2;

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private readonly Dictionary<string, string> _databases = [];
    private readonly Dictionary<string, string> _credentials = [];
    private readonly Dictionary<string, Uri[]> _addresses = [];
    private readonly Dictionary<string, StandaloneProcess[]> _processes = [];
    private readonly Uri _providerAddress = new($"http://127.0.0.1:{StandaloneProcess.FreePort()}");
    private StandaloneProcess? _provider;
    private readonly DirectoryInfo _shared = Directory.CreateTempSubdirectory("mlops-replicas");
    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _metricsCredential = RandomNumberGenerator.GetHexString(32);
    private ReadOnlyWarehouse? _warehouse;

    private ReplicatedPlatform()
    {
        foreach (var service in PlatformService.All)
        {
            _databases[service.Name] = TestInfrastructure.UniqueDatabase("replicas_" + ServiceRequirements.DatabaseOf(service));
            _credentials[service.Name] = RandomNumberGenerator.GetHexString(32);
            _addresses[service.Name] = [.. Enumerable.Range(0, Replicas).Select(_ => new Uri($"http://127.0.0.1:{StandaloneProcess.FreePort()}"))];
        }
    }

    public string AdminKey { get; } = "mlk_" + RandomNumberGenerator.GetHexString(32);

    /// <summary>The queue prefix of this run, so no other run's services compete for its messages.</summary>
    public string EndpointPrefix { get; } = "replicas" + Guid.NewGuid().ToString("N")[..8];

    public Uri Broker { get; } = TestInfrastructure.RabbitMq("deploy");

    /// <summary>The scraper's credential every replica's /metrics answers.</summary>
    public string MetricsCredential => _metricsCredential;

    public IReadOnlyList<StandaloneProcess> ReplicasOf(string service) => _processes[service];

    /// <summary>A connection to the service's database (shared by its replicas), for counting what was stored.</summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync(string service, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(TestInfrastructure.Postgres(_databases[service]));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public static async Task<ReplicatedPlatform> StartAsync(CancellationToken cancellationToken)
    {
        var platform = new ReplicatedPlatform();
        try
        {
            platform._warehouse = await ReadOnlyWarehouse.CreateAsync("replicas_wh", cancellationToken);
            // The LLM provider guardrail-gateway calls: the development provider, a small real HTTP server of its own.
            platform._provider = StandaloneProcess.Start(DevelopmentProvider, new Dictionary<string, string> { ["ASPNETCORE_URLS"] = platform._providerAddress.ToString() });
            // All at once, as a rollout starts them: peers come up in any order and callers retry.
            foreach (var service in PlatformService.All)
            {
                platform._processes[service.Name] = [.. platform._addresses[service.Name].Select(address =>
                    StandaloneProcess.Start(service, platform.EnvironmentOf(service, address)))];
            }
            foreach (var replica in platform._processes.Values.SelectMany(r => r).Append(platform._provider))
            {
                await replica.WaitForOkAsync("/health", StartLimit);
            }
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a stopped or killed replica again at its address, as Kubernetes replaces a pod, and waits for it to be ready.</summary>
    public async Task RestartAsync(string service, int replica)
    {
        var old = _processes[service][replica];
        if (!old.HasExited)
        {
            throw new InvalidOperationException($"{service}'s replica {replica} is still running.");
        }
        await old.DisposeAsync();
        var address = _addresses[service][replica];
        var started = StandaloneProcess.Start(PlatformService.Named(service), EnvironmentOf(PlatformService.Named(service), address));
        _processes[service][replica] = started;
        await started.WaitForOkAsync("/health", StartLimit);
    }

    private static PlatformService DevelopmentProvider =>
        new("dev-llm-provider", Path.Combine(Repository.Root, "services", "dev-llm-provider"));

    private Dictionary<string, string> EnvironmentOf(PlatformService service, Uri address)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = address.ToString(),
            ["MlOps__Messaging__EndpointPrefix"] = EndpointPrefix,
            ["MlOps__Messaging__QuorumQueues"] = "true",
            // As the manifests do, shorter: /health turns 503 on SIGTERM and the port stays open while the gateways and the
            // ingress, probing every second and every 250 ms, stop sending to it.
            ["MlOps__Shutdown__DrainDelay"] = "00:00:03",
        };
        foreach (var variable in ServiceRequirements.For(service))
        {
            foreach (var (name, value) in ValuesOf(service, variable))
            {
                environment[name] = value;
            }
        }
        if (service.Name != "gateway")
        {
            // http://gateway (the JWKS and token addresses) reaches both gateway replicas, as the gateway's Service does.
            environment["services__gateway__http__0"] = _addresses["gateway"][0].ToString();
            environment["services__gateway__http__1"] = _addresses["gateway"][1].ToString();
        }
        foreach (var (name, value) in ServiceSettings(service.Name, Array.IndexOf(_addresses[service.Name], address)))
        {
            environment[name] = value;
        }
        return environment;
    }

    // Every setting the service's code needs outside the AppHost (ServiceRequirements), given a value; a new one fails here by name.
    private IEnumerable<(string Name, string Value)> ValuesOf(PlatformService service, string variable)
    {
        const string peerPrefix = "services__";
        const string credentialPrefix = "MlOps__Gateway__Identity__Services__";
        if (variable == $"ConnectionStrings__{ServiceRequirements.DatabaseOf(service)}")
        {
            yield return (variable, TestInfrastructure.Postgres(_databases[service.Name]));
        }
        else if (variable == "ConnectionStrings__messaging")
        {
            yield return (variable, Broker.ToString());
        }
        else if (variable == "ConnectionStrings__warehouse")
        {
            // Ingest owns the warehouse (the loader); the trainer and the feature store read it through the read-only login.
            yield return (variable, service.Name == "ingest" ? _warehouse!.LoaderConnectionString : _warehouse!.ReadOnlyConnectionString);
        }
        else if (variable.StartsWith(peerPrefix, StringComparison.Ordinal) && variable.EndsWith("__http__0", StringComparison.Ordinal))
        {
            var peer = variable[peerPrefix.Length..^"__http__0".Length];
            for (var i = 0; i < Replicas; i++)
            {
                yield return ($"{peerPrefix}{peer}__http__{i}", _addresses[peer][i].ToString());
            }
        }
        else if (variable.StartsWith(credentialPrefix, StringComparison.Ordinal))
        {
            yield return (variable, _credentials[variable[credentialPrefix.Length..]]);
        }
        else
        {
            yield return (variable, variable switch
            {
                "MlOps__Identity__JwksUrl" => "http://gateway/.well-known/jwks.json",
                "MlOps__Identity__TokenUrl" => "http://gateway/identity/token",
                "MlOps__Identity__ServiceName" => service.Name,
                "MlOps__Identity__ServiceSecret" => _credentials[service.Name],
                "MlOps__Identity__MetricsCredential" => _metricsCredential,
                "MLOPS_ADMIN_KEY" => AdminKey,
                "MlOps__Gateway__Identity__SigningKeys__0" => _signingKey.ExportPkcs8PrivateKeyPem(),
                _ => throw new InvalidOperationException($"{service.Name} needs {variable}: give it a value in ReplicatedPlatform."),
            });
        }
    }

    // Folders both replicas share (a ReadWriteMany volume in Kubernetes); the demo model and pipeline left out (the test brings its own).
    private IEnumerable<(string Name, string Value)> ServiceSettings(string service, int replica)
    {
        string Shared(string name) => Directory.CreateDirectory(Path.Combine(_shared.FullName, service, name)).FullName;
        return service switch
        {
            // Probes of replicas still starting are warnings; the test reads what a crash says, not those.
            "gateway" => [("MlOps__Gateway__AdminKeyFile", Path.Combine(Shared("keys"), $"admin-key-{replica}")), ("Logging__LogLevel__Yarp", "Error")],
            "registry" => [("MlOps__Registry__Store", "local"), ("MlOps__Registry__ArtifactRoot", Shared("artifacts"))],
            "ingest" =>
            [
                ("MlOps__Ingest__FilesRoot", Shared("files")), ("MlOps__Ingest__UploadsRoot", Shared("uploads")), ("MlOps__Ingest__LakeRoot", Shared("lake")),
                ("MlOps__Ingest__BootstrapDemoPipeline", "false"),
            ],
            "trainer" => [("MlOps__Trainer__BootstrapDemoModel", "false")],
            "inference" => [("MlOps__Inference__ModelCache", Shared($"model-cache-{replica}")), ("MlOps__Inference__Jobs__Root", Shared("jobs"))],
            "guardrail-gateway" =>
            [
                ("MlOps__Guardrail__Providers__0__Name", "development"), ("MlOps__Guardrail__Providers__0__Endpoint", $"{_providerAddress}v1/"),
            ],
            _ => [],
        };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _processes.Values.SelectMany(r => r))
        {
            await replica.DisposeAsync();
        }
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
        foreach (var database in _databases.Values)
        {
            await TestInfrastructure.DropDatabaseAsync(database);
        }
        if (_warehouse is not null)
        {
            await _warehouse.DisposeAsync();
        }
        await BrokerQueues.DeletePrefixedAsync(Broker, EndpointPrefix);
        _signingKey.Dispose();
        _shared.Delete(recursive: true);
    }
}
