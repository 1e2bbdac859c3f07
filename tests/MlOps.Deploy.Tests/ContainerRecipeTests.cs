using System.Xml.Linq;
using k8s.Models;

namespace MlOps.Deploy.Tests;

/// <summary>The SDK container recipes (PublishContainer properties) agree with what the manifests run.</summary>
public sealed class ContainerRecipeTests
{
    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Recipe_EveryService_IsTheImageItsDeploymentRuns(string name)
    {
        var service = PlatformService.Named(name);
        var project = XDocument.Load(Directory.EnumerateFiles(service.SourceFolder, "*.csproj").Single());
        var repository = project.Descendants("ContainerRepository").Single().Value;
        var rendered = await LocalOverlay.RenderAsync();

        var image = Assert.Single(rendered.Deployment(name)!.Spec.Template.Spec.Containers).Image;

        Assert.Equal(repository, image.Split(':')[0]);
    }

    [Fact]
    public async Task Recipe_WebProjects_RunAsTheNonRootUserTheManifestsPin()
    {
        var props = XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props"));
        var containerGroup = props.Descendants("PropertyGroup").Single(g => g.Element("ContainerUser") is not null);
        var ports = props.Descendants("ContainerPort").Select(p => int.Parse(p.Attribute("Include")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var rendered = await LocalOverlay.RenderAsync();

        Assert.Equal("'$(UsingMicrosoftNETSdkWeb)' == 'true'", containerGroup.Attribute("Condition")?.Value);
        Assert.Equal("app", containerGroup.Element("ContainerUser")!.Value);
        // The platform's own images; Prometheus and Alertmanager run their upstream images as those images' own user.
        var platformDeployments = rendered.OfKind<V1Deployment>().Where(d => PlatformService.All.Any(s => s.Name == d.Metadata.Name)).ToList();
        Assert.Equal(PlatformService.All.Count, platformDeployments.Count);
        Assert.All(platformDeployments, deployment =>
        {
            // uid 1654 is the .NET images' "app" user.
            Assert.Equal(1654, deployment.Spec.Template.Spec.SecurityContext.RunAsUser);
            Assert.Equal(ports, deployment.Spec.Template.Spec.Containers.Single().Ports.Select(p => p.ContainerPort));
        });
    }
}
