namespace MlOps.Ingest.Model;

/// <summary>A stored upload: name it in a files source as {"location": {"type": "upload", "upload_id": …}}.</summary>
public sealed record UploadResponse(string UploadId, long Bytes);
