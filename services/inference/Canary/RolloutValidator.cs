namespace MlOps.Inference.Canary;

/// <summary>Checks a rollout request field by field; the first problem is named (field and why).</summary>
public static class RolloutValidator
{
    public static (string Field, string Error)? Validate(Model.StartRolloutRequest request, CanaryOptions options)
    {
        if (request.Steps is { } steps)
        {
            if (steps.Length == 0 || steps.Length > options.MaxSteps)
            {
                return ("steps", $"steps must list 1 to {options.MaxSteps} traffic shares.");
            }
            for (var i = 0; i < steps.Length; i++)
            {
                if (!(steps[i] > 0 && steps[i] <= 100))
                {
                    return ("steps", $"steps[{i}] is {steps[i]}: each share must be above 0 and at most 100 (percent).");
                }
                if (i > 0 && steps[i] <= steps[i - 1])
                {
                    return ("steps", $"steps[{i}] is {steps[i]}: shares must increase ({steps[i - 1]} comes before it).");
                }
            }
        }
        return request switch
        {
            { HoldRequests: < 1 or > 1_000_000_000 } => ("holdRequests", "holdRequests must be between 1 and 1000000000."),
            { HoldSeconds: < 1 or > 86_400 } => ("holdSeconds", "holdSeconds must be between 1 and 86400."),
            { MaxErrorRate: < 0 or > 1 } => ("maxErrorRate", "maxErrorRate is a share between 0 and 1."),
            { MaxP99Ratio: <= 0 or > 1000 } => ("maxP99Ratio", "maxP99Ratio must be above 0 and at most 1000 (times the champion's p99)."),
            { MaxP99Milliseconds: <= 0 or > 3_600_000 } => ("maxP99Milliseconds", "maxP99Milliseconds must be above 0 and at most 3600000."),
            { MinAgreement: < 0 or > 1 } => ("minAgreement", "minAgreement is a share between 0 and 1."),
            { AgreementTolerance: < 0 or > 1e12 } => ("agreementTolerance", "agreementTolerance must be 0 or more."),
            { MaxPredictionPsi: < 0 or > 100 } => ("maxPredictionPsi", "maxPredictionPsi must be between 0 and 100."),
            _ => null,
        };
    }
}
