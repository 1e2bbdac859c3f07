using System.Buffers;
using System.Text;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Jobs;

/// <summary>Writes results as CSV: the input row's index (from 0), then each output (one column per element) formatted straight to UTF-8.</summary>
public static class ResultsCsv
{
    public static void WriteHeader(ArrayBufferWriter<byte> buffer, ModelSignature signature)
    {
        var header = new StringBuilder("row");
        foreach (var output in signature.Outputs)
        {
            var name = TensorSpec.ColumnName(output.Name);
            var size = output.RowSize ?? 1;
            for (var i = 0; i < size; i++)
            {
                header.Append(',').Append(size == 1 ? name : $"{name}_{i}");
            }
        }
        buffer.Write(Encoding.UTF8.GetBytes(header.Append('\n').ToString()));
    }

    /// <param name="rowIndexes">Each output row's row number in the input (skipped rows leave gaps).</param>
    public static void Append(ArrayBufferWriter<byte> buffer, Tensor[] outputs, ReadOnlySpan<long> rowIndexes)
    {
        var rows = outputs[0].Rows;
        for (var row = 0; row < rows; row++)
        {
            Format(buffer, rowIndexes[row]);
            foreach (var output in outputs)
            {
                var size = output.RowSize;
                for (var i = row * size; i < (row + 1) * size; i++)
                {
                    buffer.Write(","u8);
                    Element(buffer, output.Data, i);
                }
            }
            buffer.Write("\n"u8);
        }
    }

    private static void Element(ArrayBufferWriter<byte> buffer, Array data, int index)
    {
        switch (data)
        {
            case float[] f:
                Format(buffer, f[index]);
                break;
            case double[] d:
                Format(buffer, d[index]);
                break;
            case bool[] b:
                buffer.Write(b[index] ? "true"u8 : "false"u8);
                break;
            case string[] s:
                buffer.Write(Encoding.UTF8.GetBytes(Quote(s[index])));
                break;
            default:
                Format(buffer, TensorJson.AsDouble(data, index));
                break;
        }
    }

    private static void Format<T>(ArrayBufferWriter<byte> buffer, T value) where T : IUtf8SpanFormattable
    {
        var span = buffer.GetSpan(32);
        value.TryFormat(span, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        buffer.Advance(written);
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
