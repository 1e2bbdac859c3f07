namespace MlOps.FeatureStore.Warehouse;

/// <summary>A table of a tenant's dataset as the catalog describes it: its schema and its columns' PostgreSQL types.</summary>
public sealed record WarehouseTable(string Schema, string Name, IReadOnlyDictionary<string, string> Columns)
{
    /// <summary>The quoted, schema-qualified name; every part comes from the catalog or WarehouseNames, and is quoted all the same.</summary>
    public string QualifiedName => $"{Sql.Quote(Schema)}.{Sql.Quote(Name)}";
}
