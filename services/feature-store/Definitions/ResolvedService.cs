namespace MlOps.FeatureStore.Definitions;

/// <summary>A feature service with its views resolved at their current versions.</summary>
public sealed record ResolvedService(string Name, int Version, IReadOnlyList<ResolvedView> Views)
{
    /// <summary>Every join key any of its views needs, in first-seen order.</summary>
    public IReadOnlyList<string> JoinKeys => [.. Views.SelectMany(v => v.JoinKeys).Distinct(StringComparer.Ordinal)];

    /// <summary>The feature columns it serves, "&lt;view&gt;__&lt;feature&gt;", in order.</summary>
    public IReadOnlyList<string> Columns => [.. Views.SelectMany(v => v.Features.Select(v.Column))];
}
