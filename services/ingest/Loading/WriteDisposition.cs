namespace MlOps.Ingest.Loading;

/// <summary>dlt's write dispositions.</summary>
public enum WriteDisposition
{
    Append,
    Replace,
    Merge,
}
