using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Ingest.Schema;

/// <summary>
/// A dataset schema as JSON (what `_dlt_version` stores: dlt's names, `bigint`, `delete-insert`, snake_case fields) and its
/// version hash: sha256 of a canonical JSON (tables sorted by name, every field written, the version number left out), so
/// the same schema hashes the same on every run whatever order its tables were added in.
/// </summary>
public static class DatasetSchemaJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new DataTypeConverter(), new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public static string Serialize(DatasetSchema schema) => JsonSerializer.Serialize(schema, Options);

    /// <exception cref="JsonException">The text is not a dataset schema.</exception>
    public static DatasetSchema Deserialize(string json) =>
        JsonSerializer.Deserialize<DatasetSchema>(json, Options) ?? throw new JsonException("the schema JSON is null");

    /// <summary>The schema's version hash: lower-case sha256 hex of its canonical JSON.</summary>
    public static string Hash(DatasetSchema schema)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", schema.Name);
            writer.WriteStartArray("tables");
            foreach (var table in schema.Tables.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                WriteTable(writer, table);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteTable(Utf8JsonWriter writer, TableSchema table)
    {
        writer.WriteStartObject();
        writer.WriteString("name", table.Name);
        writer.WriteString("parent", table.Parent);
        writer.WriteString("disposition", JsonNamingPolicy.KebabCaseLower.ConvertName(table.Disposition.ToString()));
        writer.WriteString("merge_strategy", JsonNamingPolicy.KebabCaseLower.ConvertName(table.MergeStrategy.ToString()));
        writer.WriteStartArray("columns");
        foreach (var column in table.Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            writer.WriteString("type", DataTypeNames.Name(column.Type));
            writer.WriteBoolean("nullable", column.Nullable);
            writer.WriteBoolean("primary_key", column.PrimaryKey);
            writer.WriteBoolean("hard_delete", column.HardDelete);
            WriteNumber(writer, "precision", column.Precision);
            WriteNumber(writer, "scale", column.Scale);
            writer.WriteString("variant_of", column.VariantOf);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>dlt's type names (`bigint`, `timestamp`, ...), which the enum's own names are not.</summary>
    private sealed class DataTypeConverter : JsonConverter<DataType>
    {
        public override DataType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } name && DataTypeNames.TryParse(name, out var type)
                ? type
                : throw new JsonException($"unknown data type '{reader.GetString()}'");

        public override void Write(Utf8JsonWriter writer, DataType value, JsonSerializerOptions options) =>
            writer.WriteStringValue(DataTypeNames.Name(value));
    }
}
