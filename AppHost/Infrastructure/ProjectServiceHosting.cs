namespace MlOps.AppHost.Infrastructure;

/// <summary>Services as processes built from their projects (endpoints from their launch profiles); data folders are paths here.</summary>
public sealed class ProjectServiceHosting(IDistributedApplicationBuilder builder) : IServiceHosting<ProjectResource>
{
    public IResourceBuilder<ProjectResource> AddService(string name, IProjectMetadata project) => builder.AddProject(name, project.ProjectPath);

    public IResourceBuilder<ProjectResource> WithDataFolder(IResourceBuilder<ProjectResource> service, string variable, string hostPath) =>
        service.WithEnvironment(variable, hostPath);
}
