namespace MlOps.Ingest.Sources.Files;

public enum FileFormat
{
    Csv,
    Jsonl,
    Parquet,
}
