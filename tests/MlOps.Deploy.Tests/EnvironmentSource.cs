namespace MlOps.Deploy.Tests;

/// <summary>Where one environment variable of a container comes from: a literal in the pod spec, a ConfigMap or a Secret.</summary>
public sealed record EnvironmentSource(EnvironmentSourceKind Kind, string? ObjectName, string? Value);
