using System.Reflection;

namespace MlOps.ServiceDefaults.Data;

/// <summary>Where a service's SQL migrations live: embedded resources ending in .sql under a Migrations folder.</summary>
public sealed record MigrationSource(IReadOnlyList<Assembly> Assemblies, string ConnectionName)
{
    public IEnumerable<(string Name, Func<string> ReadSql)> Scripts() =>
        Assemblies.SelectMany(assembly => assembly.GetManifestResourceNames()
            .Where(name => name.Contains(".Migrations.", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => (Name: ScriptName(name), ReadSql: (Func<string>)(() => Read(assembly, name)))))
        .OrderBy(script => script.Name, StringComparer.Ordinal);

    // Resource names look like MlOps.Registry.Migrations.0001_models.sql; the file name is the stable id.
    private static string ScriptName(string resource) => resource[(resource.IndexOf(".Migrations.", StringComparison.Ordinal) + 12)..];

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
