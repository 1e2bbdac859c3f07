using MlOps.Registry.Model;

namespace MlOps.Registry.Services;

/// <summary>
/// Parses an ONNX ModelProto from its file and returns the graph's inputs and outputs. Initializer data (the weights,
/// nearly all of a large model) is skipped by seeking, so memory stays constant whatever the model's size.
/// </summary>
public static class OnnxSchemaReader
{
    // onnx.proto field numbers.
    private const int ModelIrVersion = 1, ModelGraph = 7, ModelOpsetImport = 8;
    private const int GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int TensorName = 8, ValueInfoName = 1, ValueInfoType = 2, TypeTensor = 1;
    private const int TensorElemType = 1, TensorShape = 2, ShapeDim = 1, DimValue = 1, DimParam = 2;

    private static readonly string[] ElementTypes =
        ["UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"];

    public static (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        var reader = new ProtobufReader(file);
        ulong irVersion = 0;
        var opsets = 0;
        (List<TensorSpec> Inputs, List<TensorSpec> Outputs)? graph = null;
        while (reader.NextField(file.Length) is var (field, wire))
        {
            switch (field)
            {
                case ModelIrVersion:
                    reader.Expect(wire, 0, "ir_version");
                    irVersion = reader.ReadVarint();
                    break;
                case ModelGraph:
                    reader.Expect(wire, 2, "graph");
                    graph = ReadGraph(reader, reader.ReadLength(file.Length));
                    break;
                case ModelOpsetImport:
                    opsets++;
                    reader.Skip(wire, file.Length);
                    break;
                default:
                    reader.Skip(wire, file.Length);
                    break;
            }
        }
        if (irVersion == 0)
        {
            throw new InvalidOnnxModelException("the model has no ir_version");
        }
        if (opsets == 0)
        {
            throw new InvalidOnnxModelException("the model imports no operator set");
        }
        if (graph is not { } parsed)
        {
            throw new InvalidOnnxModelException("the model has no graph");
        }
        if (parsed.Outputs.Count == 0)
        {
            throw new InvalidOnnxModelException("the graph has no outputs");
        }
        return (parsed.Inputs, parsed.Outputs);
    }

    private static (List<TensorSpec> Inputs, List<TensorSpec> Outputs) ReadGraph(ProtobufReader reader, long end)
    {
        var inputs = new List<TensorSpec>();
        var outputs = new List<TensorSpec>();
        var initializers = new HashSet<string>(StringComparer.Ordinal);
        var nodes = 0;
        while (reader.NextField(end) is var (field, wire))
        {
            switch (field)
            {
                case GraphNode:
                    nodes++;
                    reader.Skip(wire, end);
                    break;
                case GraphInitializer:
                    reader.Expect(wire, 2, "initializer");
                    initializers.Add(ReadInitializerName(reader, reader.ReadLength(end)));
                    break;
                case GraphInput or GraphOutput:
                    reader.Expect(wire, 2, field == GraphInput ? "input" : "output");
                    (field == GraphInput ? inputs : outputs).Add(ReadValueInfo(reader, reader.ReadLength(end)));
                    break;
                default:
                    reader.Skip(wire, end);
                    break;
            }
        }
        if (nodes == 0)
        {
            throw reader.Invalid("the graph has no nodes");
        }
        // Before IR 4, weights were listed as graph inputs too; callers only feed the others.
        return (inputs.Where(i => !initializers.Contains(i.Name)).ToList(), outputs);
    }

    private static string ReadInitializerName(ProtobufReader reader, long end)
    {
        var name = "";
        while (reader.NextField(end) is var (field, wire))
        {
            if (field == TensorName && wire == 2)
            {
                name = reader.ReadString(end);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
        return name;
    }

    private static TensorSpec ReadValueInfo(ProtobufReader reader, long end)
    {
        var name = "";
        var elementType = "UNKNOWN";
        var shape = new List<int>();
        var names = new List<string>();
        while (reader.NextField(end) is var (field, wire))
        {
            if (field == ValueInfoName && wire == 2)
            {
                name = reader.ReadString(end);
            }
            else if (field == ValueInfoType && wire == 2)
            {
                elementType = ReadType(reader, reader.ReadLength(end), shape, names);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
        if (name.Length == 0)
        {
            throw reader.Invalid("a graph input or output has no name");
        }
        return new TensorSpec(name, elementType, [.. shape], [.. names]);
    }

    private static string ReadType(ProtobufReader reader, long end, List<int> shape, List<string> names)
    {
        var elementType = "NON_TENSOR";
        while (reader.NextField(end) is var (field, wire))
        {
            if (field != TypeTensor || wire != 2)
            {
                reader.Skip(wire, end);
                continue;
            }
            var tensorEnd = reader.ReadLength(end);
            elementType = "UNDEFINED";
            while (reader.NextField(tensorEnd) is var (tensorField, tensorWire))
            {
                if (tensorField == TensorElemType && tensorWire == 0)
                {
                    var code = reader.ReadVarint();
                    elementType = code < (ulong)ElementTypes.Length ? ElementTypes[code] : $"TYPE_{code}";
                }
                else if (tensorField == TensorShape && tensorWire == 2)
                {
                    ReadShape(reader, reader.ReadLength(tensorEnd), shape, names);
                }
                else
                {
                    reader.Skip(tensorWire, tensorEnd);
                }
            }
        }
        return elementType;
    }

    private static void ReadShape(ProtobufReader reader, long end, List<int> shape, List<string> names)
    {
        while (reader.NextField(end) is var (field, wire))
        {
            if (field != ShapeDim || wire != 2)
            {
                reader.Skip(wire, end);
                continue;
            }
            var dimEnd = reader.ReadLength(end);
            var (size, symbol) = (-1, "");
            while (reader.NextField(dimEnd) is var (dimField, dimWire))
            {
                if (dimField == DimValue && dimWire == 0)
                {
                    size = (int)Math.Min(int.MaxValue, reader.ReadVarint());
                }
                else if (dimField == DimParam && dimWire == 2)
                {
                    symbol = reader.ReadString(dimEnd);
                }
                else
                {
                    reader.Skip(dimWire, dimEnd);
                }
            }
            shape.Add(size);
            names.Add(symbol);
        }
    }
}
