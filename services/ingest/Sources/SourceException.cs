namespace MlOps.Ingest.Sources;

/// <summary>A source failed to read; the run fails with this message, which names the position (page, line, cursor).</summary>
public sealed class SourceException(string message, Exception? inner = null) : Exception(message, inner);
