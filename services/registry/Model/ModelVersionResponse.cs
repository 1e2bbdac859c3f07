using System.Text.Json;

namespace MlOps.Registry.Model;

/// <summary>A model version: its artifact (digest, size, signature), schema read from the ONNX graph, and what it was made from.</summary>
public sealed record ModelVersionResponse(
    Guid Id, string Model, int Version, string Status, string? StatusMessage, string Description,
    IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> Params,
    VersionLineage Lineage, IReadOnlyList<TensorSpec> InputSchema, IReadOnlyList<TensorSpec> OutputSchema, JsonElement? InputExample,
    string ArtifactDigest, long ArtifactSize, string Signature, Guid SigningKeyId, IReadOnlyList<string> Aliases, DateTime CreatedAt);
