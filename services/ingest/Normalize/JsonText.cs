using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Normalize;

/// <summary>JSON text for json columns and for what quarantine keeps (a row or a value as it came).</summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsValid(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
        try
        {
            if (!reader.Read())
            {
                return false;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A JSON string literal.</summary>
    public static string Quote(string text) => Write(writer => writer.WriteStringValue(text));

    /// <summary>A source value (a tabular cell) as JSON.</summary>
    public static string Value(object? value) => Write(writer => WriteValue(writer, value));

    /// <summary>A tabular row as a JSON object keyed by the source's column names.</summary>
    public static string Row(IReadOnlyList<string> columns, object?[] values) => Write(writer =>
    {
        writer.WriteStartObject();
        for (var i = 0; i < columns.Count && i < values.Length; i++)
        {
            writer.WritePropertyName(columns[i]);
            WriteValue(writer, values[i]);
        }
        writer.WriteEndObject();
    });

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long or int or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case decimal exact:
                writer.WriteNumberValue(exact);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            default:
                writer.WriteStringValue(ValueCoercion.Format(value));
                break;
        }
    }
}
