namespace MlOps.Gateway.Llm.Caching;

/// <summary>Values of the x-mlops-cache header; Refresh is internal: no-cache skips the lookup but stores the new answer.</summary>
public static class CacheStatuses
{
    public const string Hit = "HIT";
    public const string Miss = "MISS";
    public const string Bypass = "BYPASS";
    public const string Refresh = "REFRESH";
}
