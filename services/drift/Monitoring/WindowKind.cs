namespace MlOps.Drift.Monitoring;

/// <summary>What a window collects: logged predictions (data drift) or labelled scores (performance drift).</summary>
public static class WindowKind
{
    public const string Data = "data";
    public const string Performance = "performance";
}
