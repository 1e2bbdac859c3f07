using k8s;
using k8s.Models;

namespace MlOps.Deploy.Tests;

/// <summary>`kubectl apply -k deploy/kubernetes/overlays/local-redis`: the local platform with the online store on Redis.</summary>
public sealed class RedisOverlayTests
{
    private static readonly Lazy<Task<RenderedObjects>> Rendered =
        new(() => Kustomize.RenderAsync(Path.Combine(Repository.KubernetesFolder, "overlays", "local-redis"), CancellationToken.None));

    [Fact]
    public async Task Render_FeatureStore_ReadsTheRedisStoreFromASecretNamingTheRedisService()
    {
        var rendered = await Rendered.Value;
        var environment = rendered.Environment(Assert.Single(rendered.Deployment("feature-store")!.Spec.Template.Spec.Containers));

        Assert.Equal("redis", environment["MlOps__FeatureStore__OnlineStore"].Value);
        var store = environment["ConnectionStrings__onlinestore"];
        Assert.Equal(EnvironmentSourceKind.Secret, store.Kind);
        Assert.Contains("REPLACE_ME", store.Value, StringComparison.Ordinal);
        // StackExchange.Redis's form: host:port first, then options.
        var endpoint = store.Value!.Split(',')[0].Split(':');
        var service = rendered.Service(endpoint[0]);
        Assert.NotNull(service);
        Assert.Contains(service.Spec.Ports, p => p.Port == int.Parse(endpoint[1], System.Globalization.CultureInfo.InvariantCulture));
        // The rest of the feature store's configuration is the local overlay's, merged, not replaced.
        Assert.True(environment.ContainsKey("ConnectionStrings__featurestoredb"));
        Assert.True(environment.ContainsKey("MlOps__Identity__ServiceName"));
    }

    [Fact]
    public async Task Render_Redis_PasswordFromASecretPersistentProbedAndUnprivileged()
    {
        var rendered = await Rendered.Value;
        var redis = Assert.Single(rendered.OfKind<V1StatefulSet>(), s => s.Metadata.Name == "redis");
        var pod = redis.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        var password = Assert.Single(container.Env, e => e.Name == "REDIS_PASSWORD");
        var secret = Assert.Single(rendered.OfKind<V1Secret>(), s => s.Metadata.Name == password.ValueFrom.SecretKeyRef.Name);
        Assert.Contains("REPLACE_ME", System.Text.Encoding.UTF8.GetString(secret.Data[password.ValueFrom.SecretKeyRef.Key]), StringComparison.Ordinal);
        Assert.Contains("$(REDIS_PASSWORD)", container.Args);
        Assert.NotNull(container.ReadinessProbe);
        Assert.NotNull(container.LivenessProbe);
        Assert.True(container.Resources.Limits["memory"].ToDecimal() >= container.Resources.Requests["memory"].ToDecimal());
        Assert.True(container.Resources.Limits.ContainsKey("cpu"));
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        // Redis writes its append-only file under /data: a claimed volume, so a restart keeps the materialized values.
        var data = Assert.Single(container.VolumeMounts, m => m.MountPath == "/data");
        Assert.Contains(redis.Spec.VolumeClaimTemplates, c => c.Metadata.Name == data.Name);
        var config = Assert.Single(container.VolumeMounts, m => m.MountPath == "/etc/redis");
        var configMap = rendered.OfKind<V1ConfigMap>().Single(c => c.Metadata.Name == pod.Volumes.Single(v => v.Name == config.Name).ConfigMap.Name);
        // Eviction would answer evicted entities as missing; refusing writes fails the materialization instead.
        Assert.Contains("maxmemory-policy noeviction", configMap.Data["redis.conf"], StringComparison.Ordinal);
        Assert.Contains("appendonly yes", configMap.Data["redis.conf"], StringComparison.Ordinal);
        var service = rendered.Service("redis");
        Assert.NotNull(service);
        Assert.All(service.Spec.Selector, label => Assert.Equal(label.Value, redis.Spec.Template.Metadata.Labels[label.Key]));
    }

    [Fact]
    public async Task Render_Everything_InTheLocalNamespace()
    {
        var rendered = await Rendered.Value;

        var space = Assert.Single(rendered.OfKind<V1Namespace>());
        var namespaced = rendered.All.OfType<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace).ToList();
        Assert.All(namespaced, o => Assert.Equal(space.Metadata.Name, o.Metadata.NamespaceProperty));
    }
}
