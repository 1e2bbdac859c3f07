namespace MlOps.Ingest.Apis;

/// <summary>An upload passed MlOps:Ingest:MaxUploadBytes while streaming.</summary>
public sealed class UploadTooLargeException() : Exception("The upload is larger than the limit.");
