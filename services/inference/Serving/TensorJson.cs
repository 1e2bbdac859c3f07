using System.Text.Json;

namespace MlOps.Inference.Serving;

/// <summary>Writes tensor elements as JSON values; floats keep their shortest round-trip form.</summary>
public static class TensorJson
{
    public static void WriteElement(Utf8JsonWriter json, Array data, int index)
    {
        // By element type code: array patterns cannot tell byte[] from sbyte[] (the runtime converts between them).
        switch (ElementCode(data))
        {
            case TypeCode.Single:
                WriteFloat(json, ((float[])data)[index]);
                break;
            case TypeCode.Double:
                WriteDouble(json, ((double[])data)[index]);
                break;
            case TypeCode.Int64:
                json.WriteNumberValue(((long[])data)[index]);
                break;
            case TypeCode.Int32:
                json.WriteNumberValue(((int[])data)[index]);
                break;
            case TypeCode.Boolean:
                json.WriteBooleanValue(((bool[])data)[index]);
                break;
            case TypeCode.String:
                json.WriteStringValue(((string[])data)[index]);
                break;
            case TypeCode.Int16:
                json.WriteNumberValue(((short[])data)[index]);
                break;
            case TypeCode.SByte:
                json.WriteNumberValue(((sbyte[])data)[index]);
                break;
            case TypeCode.Byte:
                json.WriteNumberValue(((byte[])data)[index]);
                break;
            case TypeCode.UInt16:
                json.WriteNumberValue(((ushort[])data)[index]);
                break;
            case TypeCode.UInt32:
                json.WriteNumberValue(((uint[])data)[index]);
                break;
            case TypeCode.UInt64:
                json.WriteNumberValue(((ulong[])data)[index]);
                break;
        }
    }

    public static TypeCode ElementCode(Array data) => Type.GetTypeCode(data.GetType().GetElementType());

    public static void WriteAll(Utf8JsonWriter json, Array data)
    {
        if (ElementCode(data) == TypeCode.Single)
        {
            foreach (var value in (float[])data)
            {
                WriteFloat(json, value);
            }
            return;
        }
        for (var i = 0; i < data.Length; i++)
        {
            WriteElement(json, data, i);
        }
    }

    /// <summary>A numeric element as a double (booleans as 0/1); NaN for strings.</summary>
    public static double AsDouble(Array data, int index) => ElementCode(data) switch
    {
        TypeCode.Single => ((float[])data)[index],
        TypeCode.Double => ((double[])data)[index],
        TypeCode.Int64 => ((long[])data)[index],
        TypeCode.Int32 => ((int[])data)[index],
        TypeCode.Boolean => ((bool[])data)[index] ? 1 : 0,
        TypeCode.Int16 => ((short[])data)[index],
        TypeCode.SByte => ((sbyte[])data)[index],
        TypeCode.Byte => ((byte[])data)[index],
        TypeCode.UInt16 => ((ushort[])data)[index],
        TypeCode.UInt32 => ((uint[])data)[index],
        TypeCode.UInt64 => ((ulong[])data)[index],
        _ => double.NaN,
    };

    // JSON has no NaN or infinity: they go out as null rather than breaking the body.
    private static void WriteFloat(Utf8JsonWriter json, float value)
    {
        if (float.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }
}
