namespace MlOps.ServiceDefaults.Api;

/// <summary>One page of a list, with the cursor for the next page when there is one.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
