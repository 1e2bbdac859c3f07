using Aspire.Hosting.ApplicationModel;

namespace MlOps.AppHost.Tests;

/// <summary>
/// The AppHost runs the services from their container images when PostgreSQL and RabbitMQ run as containers, and from their
/// projects otherwise. No container runtime here: the model is built, not started, and checked for what a runtime would be given.
/// </summary>
public sealed class ServiceImagesTests
{
    // Set by a project's launch profile; an image listens on its own port (8080) instead.
    private static readonly string[] LaunchProfileOnly = ["ASPNETCORE_URLS", "DOTNET_LAUNCH_PROFILE"];

    [Fact]
    public async Task LocalServers_ServicesRunAsProjects()
    {
        await using var model = await AppHostModel.BuildAsync("MlOps:Infrastructure:Mode=local");

        Assert.All(AppHostModel.Services, name => Assert.IsType<ProjectResource>(model.Resource(name)));
    }

    [Fact]
    public async Task ContainerInfrastructure_EveryServiceIsItsImageOnPort8080()
    {
        await using var model = await AppHostModel.BuildAsync("MlOps:Infrastructure:Mode=containers");

        foreach (var name in AppHostModel.Services)
        {
            var container = Assert.IsType<ContainerResource>(model.Resource(name));
            var image = Assert.Single(container.Annotations.OfType<ContainerImageAnnotation>());
            Assert.Equal(($"mlops/{name}", "dev"), (image.Image, image.Tag));
            var endpoint = Assert.Single(container.Annotations.OfType<EndpointAnnotation>());
            Assert.Equal(("http", 8080), (endpoint.Name, endpoint.TargetPort));
            Assert.Single(container.Annotations.OfType<HealthCheckAnnotation>());
        }
    }

    [Fact]
    public async Task ContainerInfrastructure_ServicesGetTheSameSettingsAsProjects()
    {
        await using var projects = await AppHostModel.BuildAsync("MlOps:Infrastructure:Mode=local");
        await using var images = await AppHostModel.BuildAsync("MlOps:Infrastructure:Mode=containers");

        foreach (var name in AppHostModel.Services)
        {
            var expected = (await projects.EnvironmentAsync(name)).Keys.Except(LaunchProfileOnly)
                // Prometheus and Alertmanager listen on loopback only: with services in containers the manifests monitor them.
                .Where(key => !key.StartsWith("MlOps__Incident__Slo__", StringComparison.Ordinal) && !key.Contains("alertmanager", StringComparison.Ordinal))
                .Order();
            Assert.Equal(expected, (await images.EnvironmentAsync(name)).Keys.Order());
        }
    }

    [Fact]
    public async Task ContainerInfrastructure_DataFoldersAreMountedFromTheDataDirectory()
    {
        await using var model = await AppHostModel.BuildAsync("MlOps:Infrastructure:Mode=containers");

        var ingest = model.Resource("ingest");
        var environment = await model.EnvironmentAsync("ingest");
        Assert.Equal("/data/ingest/files", environment["MlOps__Ingest__FilesRoot"]);
        var mount = Assert.Single(ingest.Annotations.OfType<ContainerMountAnnotation>(), m => m.Target == "/data/ingest/files");
        Assert.Equal((ContainerMountType.BindMount, Path.Combine(model.DataDir, "ingest", "files")), (mount.Type, mount.Source));
        Assert.True(Directory.Exists(mount.Source));
        var jobs = Assert.Single(model.Resource("inference").Annotations.OfType<ContainerMountAnnotation>(), m => m.Target == "/data/jobs");
        Assert.Equal(Path.Combine(model.DataDir, "jobs"), jobs.Source);
        Assert.Equal("/data/artifacts", (await model.EnvironmentAsync("registry"))["MlOps__Registry__ArtifactRoot"]);
    }

    [Fact]
    public async Task ImagesWithLocalServers_RefusedNamingTheSetting()
    {
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AppHostModel.BuildAsync("MlOps:Infrastructure:Mode=local", "MlOps:Infrastructure:Services=images"));

        Assert.Contains("MlOps:Infrastructure:Services=images", refusal.Message);
    }

    [Fact]
    public async Task ContainerInfrastructure_ProjectsWhenAsked()
    {
        await using var model = await AppHostModel.BuildAsync("MlOps:Infrastructure:Mode=containers", "MlOps:Infrastructure:Services=projects");

        Assert.All(AppHostModel.Services, name => Assert.IsType<ProjectResource>(model.Resource(name)));
    }
}
