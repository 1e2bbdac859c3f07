using System.Text.Json;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Apis;

/// <summary>Maps v1 instances (one JSON object per row) onto the model's input tensors, and its outputs back onto one object per row.</summary>
public static class InstanceTensors
{
    public static Tensor[] Build(JsonElement root, ModelSignature signature)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("instances", out var instances) || instances.ValueKind != JsonValueKind.Array || instances.GetArrayLength() == 0)
        {
            throw new InferenceInputException("The body must be {\"instances\": [{\"<feature>\": value, ...}, ...]} with at least one instance.");
        }
        var rows = instances.GetArrayLength();
        var index = 0;
        foreach (var instance in instances.EnumerateArray())
        {
            if (instance.ValueKind != JsonValueKind.Object)
            {
                throw new InferenceInputException($"instance {index} must be an object of feature values.");
            }
            foreach (var property in instance.EnumerateObject())
            {
                if (signature.IndexOf(property.Name) < 0)
                {
                    throw new InferenceInputException($"instance {index}: unexpected feature '{property.Name}'; the model's features are {string.Join(", ", signature.Inputs.Select(i => i.Name))}.");
                }
            }
            index++;
        }
        return [.. signature.Inputs.Select(spec => Column(spec, instances, rows))];
    }

    public static List<Dictionary<string, object?>> Predictions(Prediction prediction)
    {
        var rows = prediction.Outputs.Length == 0 ? 0 : prediction.Outputs[0].Rows;
        var predictions = new List<Dictionary<string, object?>>(rows);
        for (var row = 0; row < rows; row++)
        {
            var values = new Dictionary<string, object?>(prediction.Outputs.Length);
            foreach (var output in prediction.Outputs)
            {
                var size = output.RowSize;
                object? value = size == 1 ? Element(output.Data, row) : Enumerable.Range(row * size, size).Select(i => Element(output.Data, i)).ToArray();
                values[TensorSpec.ColumnName(output.Name)] = value;
            }
            predictions.Add(values);
        }
        return predictions;
    }

    private static Tensor Column(TensorSpec spec, JsonElement instances, int rows)
    {
        if (spec.RowSize is not { } rowSize || (!spec.Batchable && spec.Shape.Length > 0 && spec.Shape[0] != rows))
        {
            throw new InferenceInputException($"input '{spec.Name}' has shape {spec.ShapeText}, which instances cannot fill; use the OIP v2 infer endpoint.");
        }
        var data = spec.Datatype.Allocate(rows * (int)rowSize);
        var row = 0;
        foreach (var instance in instances.EnumerateArray())
        {
            if (!instance.TryGetProperty(spec.Name, out var value))
            {
                throw new InferenceInputException($"instance {row} has no feature '{spec.Name}' ({spec.Datatype.Name()}).");
            }
            var values = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
            if (values.Count != rowSize)
            {
                throw new InferenceInputException($"instance {row}: feature '{spec.Name}' needs {rowSize} value(s), got {values.Count}.");
            }
            for (var i = 0; i < values.Count; i++)
            {
                if (!TrySet(data, row * (int)rowSize + i, values[i]))
                {
                    throw new InferenceInputException($"instance {row}: feature '{spec.Name}' must be {Describe(spec.Datatype)}, got {values[i].ValueKind.ToString().ToLowerInvariant()} {values[i].GetRawText()}.");
                }
            }
            row++;
        }
        var shape = spec.Shape.Length == 0 ? [] : spec.Shape.Select((d, i) => i == 0 ? rows : d).ToArray();
        return new Tensor(spec.Name, spec.Datatype, shape, data);
    }

    /// <summary>Stores a JSON value into a typed column; false when it is not of the column's type or out of its range.</summary>
    public static bool TrySet(Array data, int index, JsonElement value) => TensorJson.ElementCode(data) switch
    {
        TypeCode.String => value.ValueKind == JsonValueKind.String && Assign((string[])data, index, value.GetString()!),
        TypeCode.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False && Assign((bool[])data, index, value.GetBoolean()),
        _ when value.ValueKind != JsonValueKind.Number => false,
        TypeCode.Single => value.TryGetSingle(out ((float[])data)[index]),
        TypeCode.Double => value.TryGetDouble(out ((double[])data)[index]),
        TypeCode.Int64 => value.TryGetInt64(out ((long[])data)[index]),
        TypeCode.Int32 => value.TryGetInt32(out ((int[])data)[index]),
        TypeCode.Int16 => value.TryGetInt16(out ((short[])data)[index]),
        TypeCode.SByte => value.TryGetSByte(out ((sbyte[])data)[index]),
        TypeCode.Byte => value.TryGetByte(out ((byte[])data)[index]),
        TypeCode.UInt16 => value.TryGetUInt16(out ((ushort[])data)[index]),
        TypeCode.UInt32 => value.TryGetUInt32(out ((uint[])data)[index]),
        TypeCode.UInt64 => value.TryGetUInt64(out ((ulong[])data)[index]),
        _ => false,
    };

    private static bool Assign<T>(T[] data, int index, T value)
    {
        data[index] = value;
        return true;
    }

    private static string Describe(Datatype datatype) => datatype switch
    {
        Datatype.Bytes => "a string",
        Datatype.Bool => "true or false",
        Datatype.Fp32 or Datatype.Fp64 => "a number",
        _ => $"an integer that fits {datatype.Name()}",
    };

    private static object? Element(Array data, int index) => data.GetValue(index) switch
    {
        float f => float.IsFinite(f) ? f : null,
        double d => double.IsFinite(d) ? d : null,
        var value => value,
    };
}
