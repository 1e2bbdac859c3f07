using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// One run of an incremental resource: starts from the state's last_value (else initial_value), drops items before the
/// (lagged) start or at/after end_value as dlt does, and tracks the largest cursor seen.
/// </summary>
internal sealed class IncrementalCursor
{
    private readonly IncrementalSpec _spec;

    public IncrementalCursor(IncrementalSpec spec, JsonElement? state)
    {
        _spec = spec;
        LastValue = state is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("last_value", out var last)
            && last.ValueKind != JsonValueKind.Null ? last.Clone() : spec.InitialValue;
        StartValue = LastValue is { } start && spec.Lag is { } lag ? CursorValues.Subtract(start, lag) : LastValue;
    }

    /// <summary>What the start param and {incremental.start_value} send.</summary>
    public JsonElement? StartValue { get; }

    public JsonElement? EndValue => _spec.EndValue;

    public JsonElement? LastValue { get; private set; }

    /// <summary>Whether the item loads; throws <see cref="InvalidDataException"/> when its cursor is missing and dlt would raise.</summary>
    public bool Accept(JsonElement item)
    {
        if (_spec.CursorPath.First(item) is not { ValueKind: not JsonValueKind.Null } cursor)
        {
            return _spec.OnCursorValueMissing switch
            {
                "include" => true,
                "exclude" => false,
                _ => throw new InvalidDataException($"the item has no cursor value at '{_spec.CursorPath}'"),
            };
        }
        if (StartValue is { } start && CursorValues.Compare(cursor, start) < 0)
        {
            return false;
        }
        if (_spec.EndValue is { } end && CursorValues.Compare(cursor, end) >= 0)
        {
            return false;
        }
        LastValue = LastValue is { } last ? CursorValues.Max(last, cursor) : cursor;
        return true;
    }

    public JsonElement State() => JsonSerializer.SerializeToElement(new JsonObject { ["last_value"] = JsonNode.Parse(LastValue!.Value.GetRawText()) });
}
