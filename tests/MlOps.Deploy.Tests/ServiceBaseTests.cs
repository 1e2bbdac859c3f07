using k8s.Models;

namespace MlOps.Deploy.Tests;

/// <summary>Each service's base renders on its own, for a team that deploys one service.</summary>
public sealed class ServiceBaseTests
{
    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_Base_HoldsOnlyItsOwnService(string name)
    {
        var rendered = await Kustomize.RenderAsync(Path.Combine(Repository.KubernetesFolder, "base", name), TestContext.Current.CancellationToken);

        Assert.Equal(name, Assert.Single(rendered.OfKind<V1Deployment>()).Metadata.Name);
        Assert.NotNull(rendered.Service(name));
        Assert.NotNull(rendered.DisruptionBudget(name));
        Assert.NotNull(rendered.Autoscaler(name));
        Assert.Single(rendered.OfKind<V1ConfigMap>());
        Assert.Single(rendered.OfKind<V1Secret>());
    }

    [Fact]
    public void Requirements_EveryService_NeedsADatabaseTheBrokerAndAMetricsCredential()
    {
        Assert.Equal(10, PlatformService.All.Count);
        Assert.All(PlatformService.All, service =>
        {
            var required = ServiceRequirements.For(service);
            Assert.Contains(required, key => key.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && key != "ConnectionStrings__messaging");
            Assert.Contains("ConnectionStrings__messaging", required);
            Assert.Contains("MlOps__Identity__MetricsCredential", required);
        });
    }
}
