namespace MlOps.Deploy.Tests;

/// <summary>The repository the tests run from: its manifests and the services' sources.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string KubernetesFolder => Path.Combine(Root, "deploy", "kubernetes");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MlOps.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("MlOps.sln not found above the test output.");
    }
}
