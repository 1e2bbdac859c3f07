using System.Text.RegularExpressions;

namespace MlOps.Deploy.Tests;

/// <summary>A deployable of the platform as the AppHost declares it: its resource name and its project's folder.</summary>
public sealed partial record PlatformService(string Name, string SourceFolder)
{
    /// <summary>Every project the AppHost gives a database and the broker (WithPlatform): the platform's deployables.</summary>
    public static IReadOnlyList<PlatformService> All { get; } = Read();

    public static TheoryData<string> Names => [.. All.Select(s => s.Name)];

    public static PlatformService Named(string name) => All.Single(s => s.Name == name);

    private static List<PlatformService> Read()
    {
        var appHost = File.ReadAllText(Path.Combine(Repository.Root, "AppHost", "PlatformComposition.cs"));
        var services = new List<PlatformService>();
        foreach (Match match in PlatformProject().Matches(appHost))
        {
            // Projects.MlOps_FeatureStore is MlOps.FeatureStore.csproj, in gateway/ or services/<folder>/.
            var projectFile = match.Groups["project"].Value.Replace('_', '.') + ".csproj";
            var folder = Directory.EnumerateFiles(Path.Combine(Repository.Root, "gateway"), projectFile)
                .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Root, "services"), projectFile, SearchOption.AllDirectories))
                .Select(Path.GetDirectoryName).Single()!;
            services.Add(new PlatformService(match.Groups["name"].Value, folder));
        }
        return services;
    }

    [GeneratedRegex("""AddService\("(?<name>[a-z-]+)", new Projects\.(?<project>\w+)\(\)\)\.WithPlatform\(""")]
    private static partial Regex PlatformProject();
}
