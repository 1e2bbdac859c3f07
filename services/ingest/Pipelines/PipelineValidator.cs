using System.Text.Json;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Model;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Pipelines;

/// <summary>Checks a pipeline request completely (its source config by building the source, without I/O) and names the first bad field.</summary>
public sealed class PipelineValidator(SourceFactories sources, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Runs.IngestOptions> options)
{
    public (PipelineDefinition? Pipeline, string? Error) Validate(PipelineRequest request, string tenant)
    {
        if (request.Source.Config is not { ValueKind: JsonValueKind.Object } config)
        {
            return (null, "source.config: must be a JSON object.");
        }
        try
        {
            sources.Validate(request.Source.Type, config);
        }
        catch (SourceConfigException e)
        {
            return (null, $"source.config.{e.Field.TrimStart('$', '.')}: {e.Message[(e.Field.Length + 2)..]}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or JsonException)
        {
            // A config shape the parsers did not foresee (duplicate keys, odd nesting) is still the caller's bad input.
            return (null, $"source.config: {e.Message}");
        }
        var destination = new DestinationSpec { Type = request.Destination?.Type ?? "postgres", Url = request.Destination?.Url };
        if (DestinationError(destination) is { } destinationError)
        {
            return (null, destinationError);
        }
        DateTime? next = null;
        if (request.Schedule is { } schedule)
        {
            var (cron, error) = CronSchedule.Parse(schedule);
            if (cron is null)
            {
                return (null, $"schedule: {error}");
            }
            next = cron.GetNextOccurrence(clock.GetUtcNow().UtcDateTime, TimeZoneInfo.Utc);
            var after = next is { } first ? cron.GetNextOccurrence(first, TimeZoneInfo.Utc) : null;
            if (after - next < options.Value.MinScheduleInterval)
            {
                return (null, $"schedule: '{schedule}' runs more often than every {options.Value.MinScheduleInterval} (MlOps:Ingest:MinScheduleInterval).");
            }
        }
        return (new PipelineDefinition(request.Name, request.Dataset, request.Source.Type, config, destination, request.Schedule, next), null);
    }

    private static string? DestinationError(DestinationSpec destination) => destination switch
    {
        { Type: "postgres", Url: not null } => "destination.url: the postgres destination is the platform's warehouse; it takes no url.",
        { Type: "parquet", Url: null or "" } => "destination.url: the parquet destination needs a url (a folder under the lake root, or s3://bucket/prefix).",
        { Type: "parquet", Url: { } url } when !url.StartsWith("s3://", StringComparison.Ordinal)
            && (Path.IsPathRooted(url) || url.Split('/', '\\').Contains("..")) =>
            "destination.url: a lake folder is relative to the lake root and may not contain '..'.",
        _ => null,
    };
}
