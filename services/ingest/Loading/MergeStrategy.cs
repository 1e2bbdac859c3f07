namespace MlOps.Ingest.Loading;

/// <summary>dlt's merge strategies.</summary>
public enum MergeStrategy
{
    DeleteInsert,
    Upsert,
    Scd2,
}
