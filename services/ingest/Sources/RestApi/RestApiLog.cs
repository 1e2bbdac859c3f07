using Microsoft.Extensions.Logging;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// The rest_api source's log lines: resource, page and path template only, never filled paths, query strings, headers or
/// bodies.
/// </summary>
internal static partial class RestApiLog
{
    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning,
        Message = "REST resource {Resource} page {Page} of {Path}: {Failure} (attempt {Attempt}), retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string resource, int page, string path, string failure, int attempt, long delayMs);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Debug, Message = "REST resource {Resource} page {Page} of {Path}: {Items} items")]
    public static partial void PageRead(ILogger logger, string resource, int page, string path, int items);

    [LoggerMessage(EventId = 7303, Level = LogLevel.Information,
        Message = "REST resource {Resource} page {Page} of {Path}: answer ignored by a response action (HTTP {Status})")]
    public static partial void Ignored(ILogger logger, string resource, int page, string path, int? status);
}
