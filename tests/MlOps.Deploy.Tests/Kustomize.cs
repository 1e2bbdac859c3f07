using System.Diagnostics;
using k8s;

namespace MlOps.Deploy.Tests;

/// <summary>Renders a Kustomize folder with the machine's kubectl (no cluster needed) and reads the objects with the Kubernetes client's models.</summary>
public static class Kustomize
{
    public const string Kubectl = "/usr/bin/kubectl";

    public static async Task<RenderedObjects> RenderAsync(string folder, CancellationToken cancellationToken)
    {
        if (!File.Exists(Kubectl))
        {
            throw new InvalidOperationException($"{Kubectl} is missing: the manifest tests render with kubectl's built-in Kustomize (Debian: apt-get install kubectl from the Kubernetes package repository).");
        }
        using var process = Process.Start(new ProcessStartInfo(Kubectl, ["kustomize", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("kubectl did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {folder} failed ({process.ExitCode}): {await error}");
        }
        return new RenderedObjects(KubernetesYaml.LoadAllFromString(await output));
    }
}
