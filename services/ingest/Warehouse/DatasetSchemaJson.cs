using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Warehouse;

/// <summary>The dataset schema as stored in `_dlt_version.schema`.</summary>
public static class DatasetSchemaJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(DatasetSchema schema) => JsonSerializer.Serialize(schema, Options);

    public static DatasetSchema Deserialize(string json) =>
        JsonSerializer.Deserialize<DatasetSchema>(json, Options) ?? throw new JsonException("the stored schema is null");
}
