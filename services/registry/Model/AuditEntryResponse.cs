using System.Text.Json;

namespace MlOps.Registry.Model;

/// <summary>One audited mutation: which key did what to which entity, with the state before and after.</summary>
public sealed class AuditEntryResponse
{
    public const string SelectFrom = "SELECT id, key_id AS KeyId, action, entity, before::text AS BeforeJson, after::text AS AfterJson, at FROM audit_log";

    public Guid Id { get; init; }
    public string? KeyId { get; init; }
    public string Action { get; init; } = "";
    public string Entity { get; init; } = "";
    public JsonElement? Before => Parse(BeforeJson);
    public JsonElement? After => Parse(AfterJson);
    public DateTime At { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string? BeforeJson { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string? AfterJson { get; init; }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
