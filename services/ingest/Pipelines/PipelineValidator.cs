using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Model;
using MlOps.Ingest.Runs;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Pipelines;

/// <summary>
/// The pipeline rule book PipelineRequest.Validate asks (through AddValidation): the source config checked completely by building the
/// source without I/O (dlt's fields named by their path under source.config), the destination and the schedule. The update handler asks
/// it again of a body whose masked secrets it put back, and the demo pipeline of its own definition.
/// </summary>
public sealed class PipelineValidator(SourceFactories sources, TimeProvider clock, IOptions<IngestOptions> options)
{
    /// <summary>Every problem of a request whose attributes passed, each under the JSON path of its field.</summary>
    public IEnumerable<ValidationResult> Problems(PipelineRequest request)
    {
        if (SourceProblem(request.Source) is { } source)
        {
            yield return source;
        }
        if (DestinationProblem(Destination(request)) is { } destination)
        {
            yield return new(destination, ["destination.url"]);
        }
        if (request.Schedule is { } schedule && ScheduleProblem(schedule) is { } scheduleProblem)
        {
            yield return new(scheduleProblem, ["schedule"]);
        }
    }

    /// <summary>The definition of a request <see cref="Problems"/> found nothing wrong with.</summary>
    public PipelineDefinition Definition(PipelineRequest request)
    {
        var next = request.Schedule is { } schedule ? CronSchedule.Next(schedule, clock.GetUtcNow().UtcDateTime) : null;
        return new PipelineDefinition(request.Name, request.Dataset, request.Source.Type, request.Source.Config!.Value, Destination(request),
            request.Schedule, next);
    }

    private ValidationResult? SourceProblem(PipelineSourceRequest source)
    {
        if (source.Config is not { ValueKind: JsonValueKind.Object } config)
        {
            return new("must be a JSON object.", ["source.config"]);
        }
        try
        {
            sources.Validate(source.Type, config);
            return null;
        }
        catch (SourceConfigException e)
        {
            var path = e.Field.TrimStart('$', '.');
            return new(e.Message[(e.Field.Length + 2)..], [path.Length == 0 ? "source.config" : $"source.config.{path}"]);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or JsonException)
        {
            // A config shape the parsers did not foresee (duplicate keys, odd nesting) is still the caller's bad input.
            return new(e.Message, ["source.config"]);
        }
    }

    private string? ScheduleProblem(string schedule)
    {
        var (cron, error) = CronSchedule.Parse(schedule);
        if (cron is null)
        {
            return error;
        }
        var next = cron.GetNextOccurrence(clock.GetUtcNow().UtcDateTime, TimeZoneInfo.Utc);
        var after = next is { } first ? cron.GetNextOccurrence(first, TimeZoneInfo.Utc) : null;
        return after - next < options.Value.MinScheduleInterval
            ? $"'{schedule}' runs more often than every {options.Value.MinScheduleInterval} (MlOps:Ingest:MinScheduleInterval)."
            : null;
    }

    private static DestinationSpec Destination(PipelineRequest request) =>
        new() { Type = request.Destination?.Type ?? "postgres", Url = request.Destination?.Url };

    private static string? DestinationProblem(DestinationSpec destination) => destination switch
    {
        { Type: "postgres", Url: not null } => "the postgres destination is the platform's warehouse; it takes no url.",
        { Type: "parquet", Url: null or "" } => "the parquet destination needs a url (a folder under the lake root, or s3://bucket/prefix).",
        { Type: "parquet", Url: { } url } when !url.StartsWith("s3://", StringComparison.Ordinal)
            && (Path.IsPathRooted(url) || url.Split('/', '\\').Contains("..")) =>
            "a lake folder is relative to the lake root and may not contain '..'.",
        _ => null,
    };
}
