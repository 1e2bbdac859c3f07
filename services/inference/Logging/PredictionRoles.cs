namespace MlOps.Inference.Logging;

/// <summary>Which version answered a row: the champion, the challenger (canary share) or a shadow copy that was never returned.</summary>
public static class PredictionRoles
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";
    public const string Shadow = "shadow";
}
