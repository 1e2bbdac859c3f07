namespace MlOps.Ingest.Sources.Files;

/// <summary>Files tenants uploaded for ingestion, by upload id.</summary>
public interface IUploadStore
{
    /// <summary>Stores an upload; the id keeps the file name's extensions (`.csv.gz`) so the format can be inferred.</summary>
    Task<string> SaveAsync(string tenantId, string fileName, Stream content, CancellationToken cancellationToken);

    /// <summary>Bytes the tenant's uploads take now.</summary>
    long UsedBytes(string tenantId);

    /// <summary>The tenant's upload, or null when there is none with this id.</summary>
    Task<SourceFile?> FindAsync(string tenantId, string uploadId, CancellationToken cancellationToken);
}
