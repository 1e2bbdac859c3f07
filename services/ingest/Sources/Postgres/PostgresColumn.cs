using System.Globalization;
using System.Text.Json;
using MlOps.Ingest.Schema;
using Npgsql;
using Npgsql.PostgresTypes;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>A result column: its warehouse type (from the PostgreSQL type) and a typed getter for its values.</summary>
public sealed record PostgresColumn(string Name, string PostgresType, DataType Type, Func<NpgsqlDataReader, int, object> Read)
{
    public static PostgresColumn Of(NpgsqlDataReader reader, int ordinal)
    {
        var type = reader.GetPostgresType(ordinal);
        var name = reader.GetName(ordinal);
        if (type is PostgresArrayType)
        {
            return new(name, type.InternalName, DataType.Json, static (r, i) => JsonSerializer.SerializeToElement(r.GetValue(i)));
        }
        return type.InternalName switch
        {
            "bool" => new(name, "bool", DataType.Bool, static (r, i) => r.GetBoolean(i)),
            "int2" => new(name, "int2", DataType.BigInt, static (r, i) => (long)r.GetInt16(i)),
            "int4" => new(name, "int4", DataType.BigInt, static (r, i) => (long)r.GetInt32(i)),
            "int8" => new(name, "int8", DataType.BigInt, static (r, i) => r.GetInt64(i)),
            "float4" => new(name, "float4", DataType.Double, static (r, i) => (double)r.GetFloat(i)),
            "float8" => new(name, "float8", DataType.Double, static (r, i) => r.GetDouble(i)),
            "numeric" => new(name, "numeric", DataType.Decimal, static (r, i) => r.GetDecimal(i)),
            "text" or "varchar" or "bpchar" or "name" or "citext" => new(name, type.InternalName, DataType.Text, static (r, i) => r.GetString(i)),
            "uuid" => new(name, "uuid", DataType.Text, static (r, i) => r.GetGuid(i).ToString()),
            // timestamp without time zone is taken as UTC, timestamptz arrives as UTC.
            "timestamp" => new(name, "timestamp", DataType.Timestamp, static (r, i) => DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc)),
            "timestamptz" => new(name, "timestamptz", DataType.Timestamp, static (r, i) => r.GetDateTime(i).ToUniversalTime()),
            "date" => new(name, "date", DataType.Date, static (r, i) => r.GetFieldValue<DateOnly>(i)),
            "json" or "jsonb" => new(name, type.InternalName, DataType.Json, static (r, i) => ParseJson(r.GetString(i))),
            _ => new(name, type.InternalName, DataType.Text, static (r, i) => AsText(r.GetValue(i))),
        };
    }

    private static JsonElement ParseJson(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string AsText(object value) => value switch
    {
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
