using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace MlOps.Ingest.Model;

/// <summary>A pipeline's source: `rest_api` (config is dlt's RESTAPIConfig), `postgres` or `files`.</summary>
public sealed record PipelineSourceRequest(
    [property: Required, AllowedValues("rest_api", "postgres", "files")] string Type,
    [property: Required] JsonElement? Config);
