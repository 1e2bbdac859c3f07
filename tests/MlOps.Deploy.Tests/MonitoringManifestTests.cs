using System.Diagnostics;
using k8s.Models;
using MlOps.ServiceDefaults.Identity;
using YamlDotNet.RepresentationModel;

namespace MlOps.Deploy.Tests;

/// <summary>
/// The local overlay's Prometheus and Alertmanager (deploy/kubernetes/components/monitoring), wired as the AppHost wires
/// them: every service scraped with the metrics credential, incident's SLO rules read and reloaded, alerts to incident.
/// </summary>
public sealed class MonitoringManifestTests
{
    private const string AlertmanagerTool = "/usr/bin/amtool";

    [Theory]
    [MemberData(nameof(PlatformService.Names), MemberType = typeof(PlatformService))]
    public async Task Render_Prometheus_ScrapesEveryReplicaOfTheServiceWithTheMetricsCredential(string name)
    {
        var rendered = await LocalOverlay.RenderAsync();
        var prometheus = Container(rendered, "prometheus");
        var config = Yaml(rendered, prometheus, "--config.file=");

        var job = Assert.Single(Sequence(config, "scrape_configs"), j => Scalar(j, "job_name") == name);

        // Each replica is its own target (EndpointSlices of the service's Service, its "http" port), not one behind the Service.
        var discovery = Assert.Single(Sequence(job, "kubernetes_sd_configs"));
        Assert.Equal("endpointslice", Scalar(discovery, "role"));
        Assert.Equal("true", Scalar(Map(discovery, "namespaces"), "own_namespace"));
        var keep = Assert.Single(Sequence(job, "relabel_configs"), r => Scalar(r, "action") == "keep");
        Assert.Equal(new[] { "__meta_kubernetes_service_name", "__meta_kubernetes_endpointslice_port_name" },
            Sequence(keep, "source_labels").Select(l => ((YamlScalarNode)l).Value));
        var service = rendered.Service(name)!;
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal($"{name};{port.Name}", Scalar(keep, "regex"));
        Assert.Equal("/metrics", Scalar(job, "metrics_path"));
        // The credential file is the Secret's key every service's MetricsCredential must equal.
        var credential = Scalar(Map(job, "authorization"), "credentials_file");
        var secretValue = SecretFile(rendered, "prometheus", credential!);
        var serviceCredential = rendered.Environment(Container(rendered, name))["MlOps__Identity__MetricsCredential"];
        Assert.Equal(EnvironmentSourceKind.Secret, serviceCredential.Kind);
        Assert.Equal(serviceCredential.Value, secretValue);
    }

    [Fact]
    public async Task Render_Prometheus_FindsReplicasWithARoleThatReadsOnlyDiscovery()
    {
        var rendered = await LocalOverlay.RenderAsync();
        var pod = rendered.Deployment("prometheus")!.Spec.Template.Spec;

        var binding = Assert.Single(rendered.OfKind<V1RoleBinding>(), b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == pod.ServiceAccountName));
        var role = Assert.Single(rendered.OfKind<V1Role>(), r => r.Metadata.Name == binding.RoleRef.Name);
        Assert.All(role.Rules, rule => Assert.Equal(new[] { "get", "list", "watch" }, rule.Verbs));
        Assert.Contains(role.Rules, rule => rule.ApiGroups.Contains("discovery.k8s.io") && rule.Resources.Contains("endpointslices"));
        Assert.Empty(rendered.OfKind<V1ClusterRole>());
    }

    [Fact]
    public async Task Render_Prometheus_EvaluatesTheRuleFilesIncidentWritesAndIncidentReloadsIt()
    {
        var rendered = await LocalOverlay.RenderAsync();
        var prometheus = Container(rendered, "prometheus");
        var config = Yaml(rendered, prometheus, "--config.file=");
        var incident = Container(rendered, "incident");
        var environment = rendered.Environment(incident);

        // Incident writes mlops-slo-<tenant>.yml into RulesDirectory; Prometheus reads *.yml from the same claim.
        var written = SharedVolumeTests.MountOf(incident, environment["MlOps__Incident__Slo__RulesDirectory"].Value!);
        var writtenClaim = Volume(rendered, "incident", written.Name).PersistentVolumeClaim.ClaimName;
        var pattern = ((YamlScalarNode)Assert.Single(Sequence(config, "rule_files"))).Value!;
        var read = SharedVolumeTests.MountOf(prometheus, Path.GetDirectoryName(pattern)!);
        Assert.Equal(writtenClaim, Volume(rendered, "prometheus", read.Name).PersistentVolumeClaim.ClaimName);
        Assert.Equal(read.MountPath.TrimEnd('/') + "/*.yml", pattern);
        Assert.Equal(written.MountPath, environment["MlOps__Incident__Slo__RulesDirectory"].Value);
        // Reloaded over the lifecycle API at the Service incident is given.
        var url = new Uri(environment["MlOps__Incident__Slo__PrometheusUrl"].Value!);
        Assert.Contains(rendered.Service(url.Host)!.Spec.Ports, p => p.Port == url.Port);
        Assert.Equal("prometheus", rendered.Service(url.Host)!.Spec.Selector["app.kubernetes.io/name"]);
        Assert.Contains("--web.enable-lifecycle", prometheus.Args);
        // And alerts go to the Alertmanager Service.
        var target = ((YamlScalarNode)Assert.Single(Sequence(Assert.Single(Sequence(Sequence(config, "alerting", "alertmanagers").Single(), "static_configs")), "targets"))).Value!;
        var (host, port) = (target.Split(':')[0], int.Parse(target.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(rendered.Service(host)!.Spec.Ports, p => p.Port == port);
        Assert.Equal("alertmanager", rendered.Service(host)!.Spec.Selector["app.kubernetes.io/name"]);
    }

    [Fact]
    public async Task Render_Alertmanager_RoutesEveryAlertToIncidentUnderThePlatformAlertmanagerIdentity()
    {
        var rendered = await LocalOverlay.RenderAsync();
        var alertmanager = Container(rendered, "alertmanager");
        var config = Yaml(rendered, alertmanager, "--config.file=");

        var receiverName = Scalar(Map(config, "route"), "receiver");
        // No sub-routes: every alert reaches the one receiver.
        Assert.DoesNotContain(Map(config, "route").Children.Keys, k => ((YamlScalarNode)k).Value == "routes");
        var receiver = Assert.Single(Sequence(config, "receivers"), r => Scalar(r, "name") == receiverName);
        var webhook = Assert.Single(Sequence(receiver, "webhook_configs"));
        var url = new Uri(Scalar(webhook, "url")!);
        Assert.Equal("/v1/alerts/alertmanager", url.AbsolutePath);
        Assert.Equal("incident", rendered.Service(url.Host)!.Spec.Selector["app.kubernetes.io/name"]);
        Assert.Contains(rendered.Service(url.Host)!.Spec.Ports, p => p.Port == url.Port);
        Assert.Equal("true", Scalar(webhook, "send_resolved"));
        // OAuth 2.0 client credentials at the gateway as "alertmanager", whose secret the gateway knows.
        var oauth = Map(Map(webhook, "http_config"), "oauth2");
        Assert.Equal(ServiceIdentities.PlatformAlertmanager, Scalar(oauth, "client_id"));
        var tokenUrl = new Uri(Scalar(oauth, "token_url")!);
        Assert.Equal("/identity/token", tokenUrl.AbsolutePath);
        Assert.Equal("gateway", rendered.Service(tokenUrl.Host)!.Spec.Selector["app.kubernetes.io/name"]);
        Assert.Equal("platform", Scalar(Map(oauth, "endpoint_params"), "tenant"));
        var secret = SecretFile(rendered, "alertmanager", Scalar(oauth, "client_secret_file")!);
        var gatewayKnows = rendered.Environment(Container(rendered, "gateway"))[$"MlOps__Gateway__Identity__Services__{ServiceIdentities.PlatformAlertmanager}"];
        Assert.Equal(EnvironmentSourceKind.Secret, gatewayKnows.Kind);
        Assert.Equal(gatewayKnows.Value, secret);
        Assert.Contains("REPLACE_ME", secret, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_AlertmanagerConfig_AmtoolAcceptsIt()
    {
        Assert.SkipUnless(File.Exists(AlertmanagerTool), $"{AlertmanagerTool} is missing (scripts/setup.sh installs prometheus-alertmanager).");
        var rendered = await LocalOverlay.RenderAsync();
        var file = Path.Combine(Path.GetTempPath(), $"mlops-alertmanager-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, ConfigText(rendered, Container(rendered, "alertmanager"), "--config.file="), TestContext.Current.CancellationToken);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(AlertmanagerTool, ["check-config", file])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);

            Assert.True(process.ExitCode == 0, output + error);
            Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("prometheus")]
    [InlineData("alertmanager")]
    public async Task Render_MonitoringDeployment_ProbedLimitedUnprivilegedAndReachableOnlyByItsClients(string name)
    {
        var rendered = await LocalOverlay.RenderAsync();
        var deployment = rendered.Deployment(name)!;
        var pod = deployment.Spec.Template.Spec;
        var container = Container(rendered, name);

        Assert.Equal("/-/ready", container.ReadinessProbe?.HttpGet?.Path);
        Assert.Equal("/-/healthy", container.LivenessProbe?.HttpGet?.Path);
        Assert.True(container.Resources.Limits["memory"].ToDecimal() >= container.Resources.Requests["memory"].ToDecimal());
        Assert.True(container.Resources.Limits["cpu"].ToDecimal() >= container.Resources.Requests["cpu"].ToDecimal());
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Contains("ALL", container.SecurityContext.Capabilities.Drop);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        var service = rendered.Service(name)!;
        Assert.All(service.Spec.Selector, label => Assert.Equal(label.Value, deployment.Spec.Template.Metadata.Labels[label.Key]));
        // Neither takes credentials on its API (Prometheus's reload, Alertmanager's silences): a policy admits only its client.
        var policy = Assert.Single(rendered.OfKind<V1NetworkPolicy>(), p => p.Spec.PodSelector.MatchLabels["app.kubernetes.io/name"] == name);
        var client = Assert.Single(Assert.Single(policy.Spec.Ingress).FromProperty).PodSelector.MatchLabels["app.kubernetes.io/name"];
        Assert.Equal(name == "prometheus" ? "incident" : "prometheus", client);
    }

    private static V1Container Container(RenderedObjects rendered, string name) =>
        Assert.Single(rendered.Deployment(name)!.Spec.Template.Spec.Containers);

    private static V1Volume Volume(RenderedObjects rendered, string deployment, string volume) =>
        rendered.Deployment(deployment)!.Spec.Template.Spec.Volumes.Single(v => v.Name == volume);

    /// <summary>The file an argument such as --config.file= names, read from the ConfigMap mounted there.</summary>
    private static string ConfigText(RenderedObjects rendered, V1Container container, string argument)
    {
        var path = container.Args.Single(a => a.StartsWith(argument, StringComparison.Ordinal))[argument.Length..];
        var deployment = rendered.OfKind<V1Deployment>().Single(d => d.Spec.Template.Spec.Containers.Contains(container));
        var mount = SharedVolumeTests.MountOf(container, path);
        var configMap = Volume(rendered, deployment.Metadata.Name, mount.Name).ConfigMap;
        Assert.NotNull(configMap);
        return rendered.OfKind<V1ConfigMap>().Single(c => c.Metadata.Name == configMap.Name).Data[Path.GetRelativePath(mount.MountPath, path)];
    }

    private static YamlMappingNode Yaml(RenderedObjects rendered, V1Container container, string argument)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(ConfigText(rendered, container, argument)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>The value of the Secret key mounted at a file path of the deployment's container.</summary>
    private static string SecretFile(RenderedObjects rendered, string deployment, string path)
    {
        var container = Container(rendered, deployment);
        var mount = SharedVolumeTests.MountOf(container, path);
        Assert.True(mount.ReadOnlyProperty);
        var secretName = Volume(rendered, deployment, mount.Name).Secret.SecretName;
        var secret = rendered.OfKind<V1Secret>().Single(s => s.Metadata.Name == secretName);
        return System.Text.Encoding.UTF8.GetString(secret.Data[Path.GetRelativePath(mount.MountPath, path)]);
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static IEnumerable<YamlNode> Sequence(YamlNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }
        return (YamlSequenceNode)node;
    }
}
