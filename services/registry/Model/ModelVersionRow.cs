using System.Text.Json;

namespace MlOps.Registry.Model;

/// <summary>A model_versions row as read from the database (JSON columns as text).</summary>
public sealed class ModelVersionRow
{
    private const string Columns =
        """
        v.id, v.tenant_id AS TenantId, m.name AS Model, v.version, v.status, v.status_message AS StatusMessage, v.description,
        v.tags::text AS Tags, v.metrics::text AS Metrics, v.params::text AS Params, v.lineage::text AS Lineage,
        v.input_schema::text AS InputSchema, v.output_schema::text AS OutputSchema, v.input_example::text AS InputExample,
        v.artifact_digest AS ArtifactDigest, v.artifact_size AS ArtifactSize, v.signature, v.signing_key_id AS SigningKeyId,
        COALESCE((SELECT array_agg(a.alias ORDER BY a.alias) FROM model_aliases a WHERE a.model_id = v.model_id AND a.version = v.version), '{}') AS Aliases,
        v.created_at AS CreatedAt
        """;

    private const string From = "FROM model_versions v JOIN registered_models m ON m.id = v.model_id";

    public const string SelectFrom = $"SELECT {Columns} {From}";

    /// <summary>A version through an alias (@alias), with the alias revision, in one query.</summary>
    public const string SelectByAlias =
        $"SELECT {Columns}, al.revision AS AliasRevision {From} JOIN model_aliases al ON al.model_id = v.model_id AND al.version = v.version";

    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public string Model { get; init; } = "";
    public int Version { get; init; }
    public string Status { get; init; } = "";
    public string? StatusMessage { get; init; }
    public string Description { get; init; } = "";
    public string Tags { get; init; } = "{}";
    public string Metrics { get; init; } = "{}";
    public string Params { get; init; } = "{}";
    public string Lineage { get; init; } = "{}";
    public string InputSchema { get; init; } = "[]";
    public string OutputSchema { get; init; } = "[]";
    public string? InputExample { get; init; }
    public string ArtifactDigest { get; init; } = "";
    public long ArtifactSize { get; init; }
    public string Signature { get; init; } = "";
    public Guid SigningKeyId { get; init; }
    public string[] Aliases { get; init; } = [];
    public DateTime CreatedAt { get; init; }

    /// <summary>The alias revision, read by <see cref="SelectByAlias"/> only.</summary>
    public long AliasRevision { get; init; }

    public ModelVersionResponse ToResponse() => new(
        Id, Model, Version, Status, StatusMessage, Description,
        Read<Dictionary<string, string>>(Tags), Read<Dictionary<string, double>>(Metrics), Read<Dictionary<string, string>>(Params),
        Read<VersionLineage>(Lineage), Read<TensorSpec[]>(InputSchema), Read<TensorSpec[]>(OutputSchema),
        InputExample is null ? null : JsonDocument.Parse(InputExample).RootElement.Clone(),
        ArtifactDigest, ArtifactSize, Signature, SigningKeyId, Aliases, CreatedAt);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web)!;
}
