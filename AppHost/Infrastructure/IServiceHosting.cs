namespace MlOps.AppHost.Infrastructure;

/// <summary>How the platform's services run: as processes Aspire builds from their projects, or as their container images.</summary>
public interface IServiceHosting<T> where T : class, IResourceWithEnvironment, IResourceWithEndpoints, IResourceWithWaitSupport
{
    /// <summary>The service <paramref name="name"/> (also its image's name), with one HTTP endpoint named "http".</summary>
    IResourceBuilder<T> AddService(string name, IProjectMetadata project);

    /// <summary>Hands the service a folder of this machine's data directory under the setting <paramref name="variable"/>.</summary>
    IResourceBuilder<T> WithDataFolder(IResourceBuilder<T> service, string variable, string hostPath);
}
