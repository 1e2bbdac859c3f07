namespace MlOps.FeatureStore.Warehouse;

/// <summary>Identifier quoting for names the catalog returned (never text from a request alone).</summary>
public static class Sql
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
