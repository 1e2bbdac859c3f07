using System.Text.Json;

namespace MlOps.Registry.Model;

/// <summary>A registered_models row with its aliases and latest version, as read from the database.</summary>
public sealed class RegisteredModelRow
{
    public const string SelectFrom =
        """
        SELECT m.id, m.name, m.description, m.tags::text AS Tags, m.created_at AS CreatedAt, m.updated_at AS UpdatedAt,
               COALESCE((SELECT jsonb_object_agg(a.alias, a.version) FROM model_aliases a WHERE a.model_id = m.id), '{}')::text AS Aliases,
               (SELECT max(v.version) FROM model_versions v WHERE v.model_id = m.id) AS LatestVersion
        FROM registered_models m
        """;

    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string Tags { get; init; } = "{}";
    public string Aliases { get; init; } = "{}";
    public int? LatestVersion { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public RegisteredModelResponse ToResponse() => new(
        Id, Name, Description,
        JsonSerializer.Deserialize<Dictionary<string, string>>(Tags)!,
        JsonSerializer.Deserialize<Dictionary<string, int>>(Aliases)!,
        LatestVersion, CreatedAt, UpdatedAt);
}
