using System.Text.Json.Nodes;
using Npgsql;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>Reads a feature value as its served type; SQL NULL stays null (a missing value is never a zero).</summary>
public static class FeatureValues
{
    public static JsonNode? Read(NpgsqlDataReader reader, int ordinal, string type)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        return type switch
        {
            "int64" => JsonValue.Create(reader.GetInt64(ordinal)),
            // JSON has no NaN or infinity: such a value is answered as null.
            "float64" => reader.GetDouble(ordinal) is var d && double.IsFinite(d) ? JsonValue.Create(d) : null,
            "string" => JsonValue.Create(reader.GetString(ordinal)),
            "bool" => JsonValue.Create(reader.GetBoolean(ordinal)),
            _ => JsonValue.Create(new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc))),
        };
    }
}
