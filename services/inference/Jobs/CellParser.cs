using System.Globalization;

namespace MlOps.Inference.Jobs;

/// <summary>Parses one text cell into a typed column without allocating (strings excepted).</summary>
public static class CellParser
{
    private const NumberStyles Float = NumberStyles.Float;
    private const NumberStyles Integer = NumberStyles.Integer;

    /// <summary>Numeric and boolean columns; string columns take the cell's text as it is.</summary>
    public static bool TryParse(ReadOnlySpan<char> cell, Array column, int index) => Serving.TensorJson.ElementCode(column) switch
    {
        TypeCode.Single => float.TryParse(cell, Float, CultureInfo.InvariantCulture, out ((float[])column)[index]),
        TypeCode.Double => double.TryParse(cell, Float, CultureInfo.InvariantCulture, out ((double[])column)[index]),
        TypeCode.Int64 => long.TryParse(cell, Integer, CultureInfo.InvariantCulture, out ((long[])column)[index]),
        TypeCode.Int32 => int.TryParse(cell, Integer, CultureInfo.InvariantCulture, out ((int[])column)[index]),
        TypeCode.Int16 => short.TryParse(cell, Integer, CultureInfo.InvariantCulture, out ((short[])column)[index]),
        TypeCode.SByte => sbyte.TryParse(cell, Integer, CultureInfo.InvariantCulture, out ((sbyte[])column)[index]),
        TypeCode.Byte => byte.TryParse(cell, Integer, CultureInfo.InvariantCulture, out ((byte[])column)[index]),
        TypeCode.UInt16 => ushort.TryParse(cell, Integer, CultureInfo.InvariantCulture, out ((ushort[])column)[index]),
        TypeCode.UInt32 => uint.TryParse(cell, Integer, CultureInfo.InvariantCulture, out ((uint[])column)[index]),
        TypeCode.UInt64 => ulong.TryParse(cell, Integer, CultureInfo.InvariantCulture, out ((ulong[])column)[index]),
        TypeCode.Boolean => TryParseBool(cell, out ((bool[])column)[index]),
        _ => false,
    };

    /// <summary>A cell as quoted in an error message, cut to a readable length.</summary>
    public static string Quote(ReadOnlySpan<char> cell) => cell.Length > 64 ? cell[..64].ToString() + "…" : cell.ToString();

    private static bool TryParseBool(ReadOnlySpan<char> cell, out bool value)
    {
        value = cell is "1" || cell.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || cell is "0" || cell.Equals("false", StringComparison.OrdinalIgnoreCase);
    }
}
