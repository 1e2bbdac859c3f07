using System.ComponentModel.DataAnnotations;
using MlOps.Ingest.Pipelines;

namespace MlOps.Ingest.Model;

/// <summary>
/// Creates or replaces a pipeline. Names are snake_case-able identifiers; schedule is a five-field cron (UTC). Validated by
/// AddValidation: the attributes, then the pipeline rule book (<see cref="PipelineValidator"/>), which needs the service's sources and options.
/// </summary>
public sealed record PipelineRequest(
    [property: Required, RegularExpression("^[A-Za-z][A-Za-z0-9_-]{0,62}$")] string Name,
    [property: Required, RegularExpression("^[A-Za-z][A-Za-z0-9_-]{0,62}$")] string Dataset,
    [property: Required] PipelineSourceRequest Source,
    PipelineDestinationRequest? Destination,
    [property: StringLength(100)] string? Schedule) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ((PipelineValidator)validationContext.GetService(typeof(PipelineValidator))!).Problems(this);
}
