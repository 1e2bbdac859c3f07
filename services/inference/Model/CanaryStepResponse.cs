namespace MlOps.Inference.Model;

/// <summary>The rollout step a replica counts requests for (step 0 is the first).</summary>
public sealed record CanaryStepResponse(Guid RolloutId, int Step);
