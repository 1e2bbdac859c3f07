namespace MlOps.Deploy.Tests;

/// <summary>The local overlay, rendered once for all its checks.</summary>
public static class LocalOverlay
{
    private static readonly Lazy<Task<RenderedObjects>> Rendered =
        new(() => Kustomize.RenderAsync(Path.Combine(Repository.KubernetesFolder, "overlays", "local"), CancellationToken.None));

    public static Task<RenderedObjects> RenderAsync() => Rendered.Value;
}
