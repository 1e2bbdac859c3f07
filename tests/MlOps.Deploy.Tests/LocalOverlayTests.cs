using k8s;
using k8s.Models;

namespace MlOps.Deploy.Tests;

/// <summary>The whole platform as `kubectl apply -k deploy/kubernetes/overlays/local` would create it.</summary>
public sealed class LocalOverlayTests
{
    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_EveryService_HasDeploymentServiceBudgetAndAutoscaler(string name)
    {
        var rendered = await LocalOverlay.RenderAsync();

        var deployment = rendered.Deployment(name);
        Assert.NotNull(deployment);
        var podLabels = deployment.Spec.Template.Metadata.Labels;
        Assert.All(deployment.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, podLabels[label.Key]));
        var service = rendered.Service(name);
        Assert.NotNull(service);
        Assert.All(service.Spec.Selector, label => Assert.Equal(label.Value, podLabels[label.Key]));
        var http = Assert.Single(service.Spec.Ports);
        Assert.Contains(deployment.Spec.Template.Spec.Containers.Single().Ports, p => p.Name == http.TargetPort.Value);
        var budget = rendered.DisruptionBudget(name);
        Assert.NotNull(budget);
        Assert.All(budget.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, podLabels[label.Key]));
        var autoscaler = rendered.Autoscaler(name);
        Assert.NotNull(autoscaler);
        // Two replicas at least, so the budget's one allowed disruption never takes the service away.
        Assert.True(autoscaler.Spec.MinReplicas >= 2, $"{name}: minReplicas {autoscaler.Spec.MinReplicas}");
        Assert.True(autoscaler.Spec.MaxReplicas >= autoscaler.Spec.MinReplicas);
        Assert.True(budget.Spec.MinAvailable?.Value is null || int.Parse(budget.Spec.MinAvailable.Value, System.Globalization.CultureInfo.InvariantCulture) < autoscaler.Spec.MinReplicas);
        Assert.Contains(autoscaler.Spec.Metrics, m => m.Resource?.Name == "cpu");
    }

    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_EveryDeployment_ReadinessIsHealthAndLivenessIsAlive(string name)
    {
        var container = Container(await LocalOverlay.RenderAsync(), name);

        // ServiceDefaults maps both: /health runs every check (database, broker), /alive only the process's own.
        Assert.Equal("/health", container.ReadinessProbe?.HttpGet?.Path);
        Assert.Equal("/alive", container.LivenessProbe?.HttpGet?.Path);
        var ports = container.Ports.Select(p => p.Name).ToHashSet();
        Assert.Contains(container.ReadinessProbe!.HttpGet.Port.Value, ports);
        Assert.Contains(container.LivenessProbe!.HttpGet.Port.Value, ports);
    }

    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_EveryDeployment_RequestsAndLimitsCpuAndMemory(string name)
    {
        var resources = Container(await LocalOverlay.RenderAsync(), name).Resources;

        foreach (var resource in new[] { "cpu", "memory" })
        {
            Assert.True(resources.Requests.TryGetValue(resource, out var request), $"{name}: no {resource} request");
            Assert.True(resources.Limits.TryGetValue(resource, out var limit), $"{name}: no {resource} limit");
            Assert.True(limit.ToDecimal() >= request.ToDecimal(), $"{name}: {resource} limit {limit} under its request {request}");
        }
    }

    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_EveryDeployment_RunsAsNonRootOnAReadOnlyRootFilesystem(string name)
    {
        var rendered = await LocalOverlay.RenderAsync();
        var pod = rendered.Deployment(name)!.Spec.Template.Spec;
        var container = Container(rendered, name);

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, container.SecurityContext.RunAsUser ?? pod.SecurityContext.RunAsUser);
        Assert.NotNull(container.SecurityContext.RunAsUser ?? pod.SecurityContext.RunAsUser);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Contains("ALL", container.SecurityContext.Capabilities.Drop);
        Assert.False(pod.AutomountServiceAccountToken);
        // The runtime's diagnostics socket and temporary files need a writable /tmp.
        var tmp = Assert.Single(container.VolumeMounts, m => m.MountPath == "/tmp");
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == tmp.Name).EmptyDir);
    }

    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_EveryDeployment_ConfiguredFoldersAreOnWritableVolumes(string name)
    {
        var rendered = await LocalOverlay.RenderAsync();
        var container = Container(rendered, name);
        var mounts = container.VolumeMounts.Where(m => m.ReadOnlyProperty != true).Select(m => m.MountPath.TrimEnd('/') + "/").ToList();

        var paths = rendered.Environment(container).Where(v => v.Value.Value?.StartsWith('/') == true).ToList();

        Assert.All(paths, path => Assert.True(mounts.Any(m => (path.Value.Value!.TrimEnd('/') + "/").StartsWith(m, StringComparison.Ordinal)),
            $"{name}: {path.Key}={path.Value.Value} is on the read-only root filesystem"));
    }

    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_EveryDeployment_EnvironmentCoversTheKeysTheServiceReads(string name)
    {
        var rendered = await LocalOverlay.RenderAsync();
        var environment = rendered.Environment(Container(rendered, name));

        var missing = ServiceRequirements.For(PlatformService.Named(name)).Where(key => !environment.ContainsKey(key)).ToList();

        Assert.True(missing.Count == 0, $"{name} lacks {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_EveryDeployment_SecretsComeFromSecretObjectsHoldingPlaceholders(string name)
    {
        var rendered = await LocalOverlay.RenderAsync();
        var environment = rendered.Environment(Container(rendered, name));

        var secrets = environment.Where(v => ServiceRequirements.IsSecret(v.Key)).ToList();

        Assert.NotEmpty(secrets);
        Assert.All(secrets, v => Assert.True(v.Value.Kind == EnvironmentSourceKind.Secret, $"{name}: {v.Key} comes from a {v.Value.Kind}, not a Secret"));
        // The repository holds placeholders only: every value of every Secret says it must be replaced.
        Assert.All(secrets, v => Assert.Contains("REPLACE_ME", v.Value.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_ConfigMaps_HoldNoSecrets()
    {
        var rendered = await LocalOverlay.RenderAsync();

        var leaked = rendered.OfKind<V1ConfigMap>().SelectMany(c => (c.Data ?? new Dictionary<string, string>()).Keys.Where(ServiceRequirements.IsSecret)
            .Select(key => $"{c.Metadata.Name}/{key}")).ToList();

        Assert.Empty(leaked);
    }

    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_EveryPeerAddress_NamesARenderedService(string name)
    {
        var rendered = await LocalOverlay.RenderAsync();
        var environment = rendered.Environment(Container(rendered, name));

        var peers = environment.Where(v => v.Key.StartsWith("services__", StringComparison.Ordinal)).ToList();

        Assert.All(peers, peer =>
        {
            var target = new Uri(peer.Value.Value!);
            var service = rendered.Service(target.Host);
            Assert.NotNull(service);
            Assert.Contains(service.Spec.Ports, p => p.Port == target.Port);
        });
    }

    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_EveryServiceOnTheBroker_DeclaresQuorumQueues(string name)
    {
        var rendered = await LocalOverlay.RenderAsync();
        var environment = rendered.Environment(Container(rendered, name));
        Assert.SkipUnless(environment.ContainsKey("ConnectionStrings__messaging"), $"{name} does not use the broker.");

        Assert.Equal("true", environment[Microsoft.Extensions.Hosting.Extensions.QuorumQueuesKey.Replace(":", "__", StringComparison.Ordinal)].Value);
    }

    // A stopping pod fails readiness and keeps serving while the Service and the gateway take it out, well inside its grace period.
    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_EveryService_DrainsBeforeItsPortClosesWithinTheGracePeriod(string name)
    {
        var rendered = await LocalOverlay.RenderAsync();
        var environment = rendered.Environment(Container(rendered, name));
        var grace = TimeSpan.FromSeconds(rendered.Deployment(name)!.Spec.Template.Spec.TerminationGracePeriodSeconds!.Value);

        var drain = TimeSpan.Parse(environment["MlOps__Shutdown__DrainDelay"].Value!, System.Globalization.CultureInfo.InvariantCulture);

        // The gateway probes every second; the rest of the grace period is for finishing requests and handing work back.
        Assert.InRange(drain, TimeSpan.FromSeconds(2), grace / 2);
    }

    [Fact]
    public async Task Render_Gateway_IsTheOnlyServiceBehindTheIngress()
    {
        var rendered = await LocalOverlay.RenderAsync();

        var ingress = Assert.Single(rendered.OfKind<V1Ingress>());
        var backends = ingress.Spec.Rules.SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service).ToList();
        Assert.NotEmpty(backends);
        Assert.All(backends, backend =>
        {
            Assert.Equal("gateway", backend.Name);
            Assert.Contains(rendered.Service("gateway")!.Spec.Ports, p => p.Name == backend.Port.Name || p.Port == backend.Port.Number);
        });
        Assert.All(rendered.OfKind<V1Service>(), s => Assert.Contains(s.Spec.Type, new[] { "ClusterIP", "ExternalName" }));
    }

    [Fact]
    public async Task Render_Everything_InTheNamespaceItCreates()
    {
        var rendered = await LocalOverlay.RenderAsync();

        var space = Assert.Single(rendered.OfKind<V1Namespace>());
        var namespaced = rendered.All.OfType<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace).ToList();
        Assert.All(namespaced, o => Assert.Equal(space.Metadata.Name, o.Metadata.NamespaceProperty));
    }

    private static V1Container Container(RenderedObjects rendered, string name) =>
        Assert.Single(rendered.Deployment(name)!.Spec.Template.Spec.Containers);
}
