namespace MlOps.AppHost.Infrastructure;

/// <summary>
/// Services as their container images (mlops/&lt;name&gt;:dev, built by scripts/build-images.sh with the SDK's PublishContainer), on
/// port 8080 inside. Data folders are bind-mounted from the data directory under /data, and the containers run as the user running
/// the AppHost so that they can write them; the ASP.NET environment is the AppHost's, as a project's launch profile would set it.
/// </summary>
public sealed class ImageServiceHosting(IDistributedApplicationBuilder builder, string dataDir) : IServiceHosting<ContainerResource>
{
    public const string ImageTag = "dev";

    private const int HttpPort = 8080;

    // Asked once (id(1) twice), not once per service.
    private readonly string _hostUser = HostUser();

    public IResourceBuilder<ContainerResource> AddService(string name, IProjectMetadata project) =>
        builder.AddContainer(name, $"mlops/{name}", ImageTag)
            .WithHttpEndpoint(targetPort: HttpPort, name: "http")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            // Traces, metrics and logs to the dashboard, which projects get without asking.
            .WithOtlpExporter()
            // The .NET telemetry settings AddProject gives a project (query strings in spans; retry of telemetry in memory).
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION", "true")
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION", "true")
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory")
            .WithContainerRuntimeArgs("--user", _hostUser);

    public IResourceBuilder<ContainerResource> WithDataFolder(IResourceBuilder<ContainerResource> service, string variable, string hostPath)
    {
        var inside = "/data/" + Path.GetRelativePath(dataDir, hostPath).Replace('\\', '/');
        Directory.CreateDirectory(hostPath);
        return service.WithBindMount(hostPath, inside).WithEnvironment(variable, inside);
    }

    // The images' own non-root user where there are no Unix ids (Docker Desktop on Windows maps the mounts itself).
    private static string HostUser() => OperatingSystem.IsWindows() ? "1654" : $"{UnixIds.User()}:{UnixIds.Group()}";
}
