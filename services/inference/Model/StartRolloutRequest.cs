using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using MlOps.Inference.Canary;

namespace MlOps.Inference.Model;

/// <summary>
/// A canary analysis of the current challenger: traffic shares to step through, how long each is held (challenger requests
/// and/or seconds: every hold given must be met; both defaults when neither is given) and what each step must meet.
/// Anything left out takes its configured default (MlOps:Inference:Canary).
/// </summary>
public sealed record StartRolloutRequest(
    double[]? Steps = null,
    [property: Range(typeof(long), "1", "1000000000", ErrorMessage = "holdRequests must be between 1 and 1000000000.")] long? HoldRequests = null,
    [property: Range(1, 86_400, ErrorMessage = "holdSeconds must be between 1 and 86400.")] int? HoldSeconds = null,
    [property: Range(0.0, 1.0, ErrorMessage = "maxErrorRate is a share between 0 and 1.")] double? MaxErrorRate = null,
    [property: Range(0.0, 1000.0, MinimumIsExclusive = true, ErrorMessage = "maxP99Ratio must be above 0 and at most 1000 (times the champion's p99).")]
    double? MaxP99Ratio = null,
    [property: Range(0.0, 3_600_000.0, MinimumIsExclusive = true, ErrorMessage = "maxP99Milliseconds must be above 0 and at most 3600000.")]
    double? MaxP99Milliseconds = null,
    [property: Range(0.0, 1.0, ErrorMessage = "minAgreement is a share between 0 and 1.")] double? MinAgreement = null,
    [property: Range(0.0, 1e12, ErrorMessage = "agreementTolerance must be 0 or more.")] double? AgreementTolerance = null,
    [property: Range(0.0, 100.0, ErrorMessage = "maxPredictionPsi must be between 0 and 100.")] double? MaxPredictionPsi = null)
    : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Steps is not { } steps)
        {
            yield break;
        }
        var maxSteps = (validationContext.GetService(typeof(IOptions<CanaryOptions>)) as IOptions<CanaryOptions>)?.Value.MaxSteps ?? new CanaryOptions().MaxSteps;
        if (steps.Length == 0 || steps.Length > maxSteps)
        {
            yield return new($"steps must list 1 to {maxSteps} traffic shares.", [nameof(Steps)]);
            yield break;
        }
        for (var i = 0; i < steps.Length; i++)
        {
            if (!(steps[i] > 0 && steps[i] <= 100))
            {
                yield return new($"steps[{i}] is {steps[i]}: each share must be above 0 and at most 100 (percent).", [nameof(Steps)]);
                yield break;
            }
            if (i > 0 && steps[i] <= steps[i - 1])
            {
                yield return new($"steps[{i}] is {steps[i]}: shares must increase ({steps[i - 1]} comes before it).", [nameof(Steps)]);
                yield break;
            }
        }
    }
}
