namespace MlOps.Ingest.Schema;

/// <summary>How far one dataset's schema may grow from data: past these a load fails, naming the limit.</summary>
public static class SchemaLimits
{
    public const int MaxColumnsPerTable = 1_000;

    public const int MaxTablesPerDataset = 500;
}
