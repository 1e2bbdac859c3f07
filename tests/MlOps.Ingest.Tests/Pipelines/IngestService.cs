using MlOps.TestSupport;

namespace MlOps.Ingest.Tests.Pipelines;

/// <summary>
/// The ingest service in-process on a fresh database (which also serves as its warehouse), a private files root, quick
/// polling, and loopback allowed for fake source servers.
/// </summary>
public sealed class IngestService : IAsyncDisposable
{
    public IngestService(Dictionary<string, string>? settings = null)
    {
        Directory.CreateDirectory(FilesRoot);
        var database = TestInfrastructure.UniqueDatabase("ingest");
        var all = new Dictionary<string, string>
        {
            ["ConnectionStrings:warehouse"] = TestInfrastructure.Postgres(database),
            ["MlOps:Ingest:FilesRoot"] = FilesRoot,
            ["MlOps:Ingest:UploadsRoot"] = Path.Combine(Root, "uploads"),
            ["MlOps:Ingest:LakeRoot"] = Path.Combine(Root, "lake"),
            ["MlOps:Ingest:BootstrapDemoPipeline"] = "false",
            ["MlOps:Ingest:PollInterval"] = "00:00:00.100",
            ["MlOps:Ingest:ProgressInterval"] = "00:00:00.100",
            ["MlOps:Ingest:MinScheduleInterval"] = "00:00:01",
            ["MlOps:Ingest:RestApi:RetryBaseDelay"] = "00:00:00.010",
            ["MlOps:Outbound:Allow:0"] = "127.0.0.1/32",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }
        Factory = new ServiceFactory<Ingest.Model.PipelineResponse>("ingestdb", all, "ingest", databaseName: database) { DropDatabaseOnDispose = true };
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "mlops-ingest-tests", Guid.NewGuid().ToString("N"));

    public string FilesRoot => Path.Combine(Root, "files");

    /// <summary>A tenant's folder of the files root, where its `path` locations resolve (created).</summary>
    public string FilesRootOf(string tenant) => Directory.CreateDirectory(Path.Combine(FilesRoot, tenant)).FullName;

    public ServiceFactory<Ingest.Model.PipelineResponse> Factory { get; }

    public HttpClient Client(string tenant) => Factory.CreateClient().Authorize(tenant, "ingest:read", "ingest:write");

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
