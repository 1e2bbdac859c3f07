namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// dlt's declarative response action: an answer with this status and/or containing this text is ignored (ends the
/// resource's pagination without failing). Content is matched on 2xx bodies only: other answers' bodies are not read.
/// </summary>
public sealed record ResponseActionSpec(int? StatusCode, string? Content);
