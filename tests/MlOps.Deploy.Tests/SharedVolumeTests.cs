using k8s.Models;

namespace MlOps.Deploy.Tests;

/// <summary>
/// Files one replica writes and another reads (batch-job inputs and results, ingest's files, uploads and local lake, the SLO
/// rule files) live on one ReadWriteMany claim that every replica mounts, not on a pod's own emptyDir.
/// </summary>
public sealed class SharedVolumeTests
{
    public static TheoryData<string, string> SharedFolders => new()
    {
        { "inference", "MlOps__Inference__Jobs__Root" },
        { "ingest", "MlOps__Ingest__FilesRoot" },
        { "ingest", "MlOps__Ingest__UploadsRoot" },
        { "ingest", "MlOps__Ingest__LakeRoot" },
        { "incident", "MlOps__Incident__Slo__RulesDirectory" },
    };

    [Theory]
    [MemberData(nameof(SharedFolders))]
    public async Task Render_SharedFolder_IsOnAReadWriteManyClaimEveryReplicaMountsWritable(string service, string variable)
    {
        var rendered = await LocalOverlay.RenderAsync();
        var deployment = rendered.Deployment(service)!;
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        var folder = rendered.Environment(container)[variable].Value!;

        var mount = MountOf(container, folder);
        var volume = Assert.Single(deployment.Spec.Template.Spec.Volumes, v => v.Name == mount.Name);

        Assert.NotEqual(true, mount.ReadOnlyProperty);
        Assert.Null(volume.EmptyDir);
        var claim = ClaimOf(rendered, volume);
        Assert.Contains("ReadWriteMany", claim.Spec.AccessModes);
        Assert.True(claim.Spec.Resources.Requests["storage"].ToDecimal() > 0);
        // Every pod of the Deployment uses the same claim (a Deployment's pods share the template's volumes), and there are several.
        Assert.True(rendered.Autoscaler(service)!.Spec.MinReplicas >= 2);
    }

    [Fact]
    public async Task Render_IngestBase_ClaimsItsSharedVolumeAlone()
    {
        var rendered = await Kustomize.RenderAsync(Path.Combine(Repository.KubernetesFolder, "base", "ingest"), TestContext.Current.CancellationToken);

        var claim = Assert.Single(rendered.OfKind<V1PersistentVolumeClaim>());
        Assert.Contains("ReadWriteMany", claim.Spec.AccessModes);
        Assert.Contains(rendered.Deployment("ingest")!.Spec.Template.Spec.Volumes, v => v.PersistentVolumeClaim?.ClaimName == claim.Metadata.Name);
    }

    [Fact]
    public async Task Render_InferenceBase_ClaimsItsSharedVolumeAlone_AndKeepsTheModelCachePerPod()
    {
        var rendered = await Kustomize.RenderAsync(Path.Combine(Repository.KubernetesFolder, "base", "inference"), TestContext.Current.CancellationToken);
        var pod = rendered.Deployment("inference")!.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        var claim = Assert.Single(rendered.OfKind<V1PersistentVolumeClaim>());
        Assert.Contains("ReadWriteMany", claim.Spec.AccessModes);
        // The model cache holds verified copies of registry artifacts: per pod is enough, and nothing else reads it.
        var cache = MountOf(container, rendered.Environment(container)["MlOps__Inference__ModelCache"].Value!);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == cache.Name).EmptyDir);
    }

    /// <summary>The mount holding a folder: the longest mount path it lies under.</summary>
    public static V1VolumeMount MountOf(V1Container container, string folder) =>
        container.VolumeMounts.Where(m => (folder.TrimEnd('/') + "/").StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.MountPath.Length).FirstOrDefault()
        ?? throw new Xunit.Sdk.XunitException($"{container.Name}: {folder} is on no volume");

    public static V1PersistentVolumeClaim ClaimOf(RenderedObjects rendered, V1Volume volume)
    {
        Assert.NotNull(volume.PersistentVolumeClaim);
        return Assert.Single(rendered.OfKind<V1PersistentVolumeClaim>(), c => c.Metadata.Name == volume.PersistentVolumeClaim.ClaimName);
    }
}
