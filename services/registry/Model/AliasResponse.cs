namespace MlOps.Registry.Model;

/// <summary>Where an alias points now and its revision (also its ETag) for the next conditional move.</summary>
public sealed record AliasResponse(string Model, string Alias, int Version, long Revision);
