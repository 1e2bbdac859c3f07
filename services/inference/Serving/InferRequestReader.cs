using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace MlOps.Inference.Serving;

/// <summary>
/// Reads an OIP v2 request body straight into typed arrays with <see cref="Utf8JsonReader"/>: no DOM, one pass per tensor,
/// nested or flat "data", members in any order. Malformed input raises <see cref="InferenceInputException"/> naming what is wrong.
/// Nothing is allocated for a tensor until its declared shape has been checked (no overflow, against the model's signature when
/// known) and its data counted: a declared shape cannot make the server allocate more than the body holds.
/// </summary>
public static class InferRequestReader
{
    /// <summary>Most elements one input may declare, whatever the body size.</summary>
    private const long MaxElements = 1 << 26;

    public static InferRequest Read(ReadOnlySequence<byte> body) => Read(body, null);

    /// <param name="signature">The model's signature to check declared inputs against, when known.</param>
    public static InferRequest Read(ReadOnlySequence<byte> body, ModelSignature? signature)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            return ReadRequest(ref reader, signature);
        }
        catch (JsonException e)
        {
            throw new InferenceInputException($"The body is not valid JSON: {e.Message}");
        }
    }

    private static InferRequest ReadRequest(ref Utf8JsonReader reader, ModelSignature? signature)
    {
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "The body must be a JSON object with an \"inputs\" array.");
        string? id = null;
        List<Tensor>? inputs = null;
        List<string>? outputs = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                Expect(reader.TokenType == JsonTokenType.StartArray, "\"inputs\" must be an array of tensors.");
                inputs = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    inputs.Add(ReadTensor(ref reader, inputs.Count, signature));
                }
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                outputs = ReadOutputs(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                Expect(reader.TokenType == JsonTokenType.String, "\"id\" must be a string.");
                id = reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        Expect(inputs is { Count: > 0 }, "The request has no \"inputs\".");
        return new InferRequest(id, inputs!, outputs);
    }

    private static Tensor ReadTensor(ref Utf8JsonReader reader, int index, ModelSignature? signature)
    {
        Expect(reader.TokenType == JsonTokenType.StartObject, $"inputs[{index}] must be an object with name, shape, datatype and data.");
        string? name = null;
        long[]? shape = null;
        Datatype? datatype = null;
        var data = default(Utf8JsonReader);
        var hasData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                Expect(reader.TokenType == JsonTokenType.String, $"inputs[{index}].name must be a string.");
                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                shape = ReadShape(ref reader, name ?? $"inputs[{index}]");
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                var parsed = default(Datatype);
                Expect(reader.TokenType == JsonTokenType.String && Datatypes.TryParse(reader.ValueSpan, out parsed),
                    $"input '{name ?? $"inputs[{index}]"}': datatype must be one of BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP32, FP64, BYTES.");
                datatype = parsed;
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                // Read once the datatype and shape are known; they may come after the data.
                data = reader;
                hasData = true;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        var label = name ?? $"inputs[{index}]";
        Expect(name is not null, $"inputs[{index}] has no name.");
        Expect(shape is not null, $"input '{label}' has no shape.");
        Expect(datatype is not null, $"input '{label}' has no datatype.");
        Expect(hasData, $"input '{label}' has no data.");
        var shapeText = string.Join(',', shape!);
        Expect(Tensor.TryElementCount(shape!, out var count), $"input '{label}': shape [{shapeText}] has more elements than can be counted (the product overflows).");
        Expect(count <= MaxElements, $"input '{label}': shape [{shapeText}] is too large (at most {MaxElements} elements).");
        signature?.Check(name!, datatype!.Value, shape!);
        var present = CountData(data);
        Expect(present <= count, $"input '{label}': data has more elements than its shape allows (shape [{shapeText}] holds {count}, data has {present}).");
        Expect(present == count, $"input '{label}': shape [{shapeText}] needs {count} elements, data has {present}.");
        var values = datatype!.Value.Allocate((int)count);
        var written = 0;
        ReadData(ref data, values, datatype.Value, label, ref written);
        return new Tensor(name!, datatype.Value, shape!, values);
    }

    /// <summary>Counts the scalar elements of a "data" value (nested arrays flattened) without storing any: the body bounds the count.</summary>
    private static long CountData(Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return 1;
        }
        var depth = reader.CurrentDepth;
        long count = 0;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                // Not a valid element; counted as one so that reading it names it.
                reader.Skip();
                count++;
            }
            else if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.EndArray))
            {
                count++;
            }
        }
        return count;
    }

    private static long[] ReadShape(ref Utf8JsonReader reader, string label)
    {
        reader.Read();
        Expect(reader.TokenType == JsonTokenType.StartArray, $"input '{label}': shape must be an array of non-negative integers.");
        var shape = new List<long>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var dimension) && dimension >= 0,
                $"input '{label}': shape must be an array of non-negative integers.");
            shape.Add(reader.GetInt64());
        }
        return [.. shape];
    }

    private static void ReadData(ref Utf8JsonReader reader, Array values, Datatype datatype, string label, ref int written)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Store(ref reader, values, datatype, label, ref written);
            return;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ReadData(ref reader, values, datatype, label, ref written);
        }
    }

    private static void Store(ref Utf8JsonReader reader, Array values, Datatype datatype, string label, ref int written)
    {
        Expect(written < values.Length, $"input '{label}': data has more elements than its shape allows.");
        var ok = datatype switch
        {
            Datatype.Fp32 => reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out ((float[])values)[written]),
            Datatype.Fp64 => reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out ((double[])values)[written]),
            Datatype.Int64 => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out ((long[])values)[written]),
            Datatype.Int32 => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out ((int[])values)[written]),
            Datatype.Int16 => reader.TokenType == JsonTokenType.Number && reader.TryGetInt16(out ((short[])values)[written]),
            Datatype.Int8 => reader.TokenType == JsonTokenType.Number && reader.TryGetSByte(out ((sbyte[])values)[written]),
            Datatype.Uint8 => reader.TokenType == JsonTokenType.Number && reader.TryGetByte(out ((byte[])values)[written]),
            Datatype.Uint16 => reader.TokenType == JsonTokenType.Number && reader.TryGetUInt16(out ((ushort[])values)[written]),
            Datatype.Uint32 => reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out ((uint[])values)[written]),
            Datatype.Uint64 => reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out ((ulong[])values)[written]),
            Datatype.Bool => reader.TokenType is JsonTokenType.True or JsonTokenType.False && Set((bool[])values, written, reader.GetBoolean()),
            _ => reader.TokenType == JsonTokenType.String && Set((string[])values, written, reader.GetString()!),
        };
        Expect(ok, $"input '{label}': element {written} is not a valid {datatype.Name()} value.");
        written++;
    }

    private static List<string> ReadOutputs(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(reader.TokenType == JsonTokenType.StartArray, "\"outputs\" must be an array of {\"name\": ...} objects.");
        var names = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(reader.TokenType == JsonTokenType.StartObject, "\"outputs\" must be an array of {\"name\": ...} objects.");
            string? name = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isName = reader.ValueTextEquals("name"u8);
                reader.Read();
                if (isName && reader.TokenType == JsonTokenType.String)
                {
                    name = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
            Expect(name is not null, $"outputs[{names.Count}] has no name.");
            names.Add(name!);
        }
        return names;
    }

    private static bool Set<T>(T[] values, int index, T value)
    {
        values[index] = value;
        return true;
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new InferenceInputException(message);
        }
    }

    private static void Expect(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref FailureMessageHandler message)
    {
        if (!condition)
        {
            throw new InferenceInputException(message.ToStringAndClear());
        }
    }
}
