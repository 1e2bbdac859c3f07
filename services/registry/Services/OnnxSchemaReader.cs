using MlOps.Registry.Model;

namespace MlOps.Registry.Services;

/// <summary>
/// Parses an ONNX ModelProto from its file and returns the graph's inputs and outputs. Initializer data (the weights,
/// nearly all of a large model) is skipped by seeking, so memory stays constant whatever the model's size. A tensor whose
/// data lives in an external file (initializers, sparse initializers, node attributes, in subgraphs and functions too)
/// raises <see cref="ExternalDataException"/>.
/// </summary>
public static class OnnxSchemaReader
{
    // onnx.proto field numbers.
    private const int ModelIrVersion = 1, ModelGraph = 7, ModelOpsetImport = 8, ModelFunctions = 25, FunctionNode = 7;
    private const int GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12, GraphSparseInitializer = 15;
    private const int NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    private const int AttributeName = 1, AttributeTensor = 5, AttributeGraph = 6, AttributeTensors = 10, AttributeGraphs = 11;
    private const int AttributeSparseTensor = 22, AttributeSparseTensors = 23, SparseValues = 1, SparseIndices = 2;
    private const int TensorName = 8, TensorExternalData = 13, TensorDataLocation = 14, EntryKey = 1, EntryValue = 2, DataLocationExternal = 1;
    private const int ValueInfoName = 1, ValueInfoType = 2, TypeTensor = 1;
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
                    graph = ReadGraph(reader, reader.ReadLength(file.Length), main: true);
                    break;
                case ModelOpsetImport:
                    opsets++;
                    reader.Skip(wire, file.Length);
                    break;
                case ModelFunctions:
                    reader.Expect(wire, 2, "function");
                    CheckFunction(reader, reader.ReadLength(file.Length));
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

    /// <param name="main">The model's graph (which must have nodes), not a subgraph held by a node attribute.</param>
    private static (List<TensorSpec> Inputs, List<TensorSpec> Outputs) ReadGraph(ProtobufReader reader, long end, bool main)
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
                    reader.Expect(wire, 2, "node");
                    CheckNode(reader, reader.ReadLength(end));
                    break;
                case GraphInitializer:
                    reader.Expect(wire, 2, "initializer");
                    var (name, external, location) = ReadTensor(reader, reader.ReadLength(end));
                    if (external)
                    {
                        throw new ExternalDataException($"initializer '{name}'", location);
                    }
                    initializers.Add(name);
                    break;
                case GraphSparseInitializer:
                    reader.Expect(wire, 2, "sparse_initializer");
                    CheckSparseTensor(reader, reader.ReadLength(end), "sparse initializer");
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
        if (nodes == 0 && main)
        {
            throw reader.Invalid("the graph has no nodes");
        }
        // Before IR 4, weights were listed as graph inputs too; callers only feed the others.
        return (inputs.Where(i => !initializers.Contains(i.Name)).ToList(), outputs);
    }

    /// <summary>A TensorProto's name and whether its data is external (data_location EXTERNAL or external_data entries), with the file it names.</summary>
    private static (string Name, bool External, string? Location) ReadTensor(ProtobufReader reader, long end)
    {
        var name = "";
        var external = false;
        string? location = null;
        while (reader.NextField(end) is var (field, wire))
        {
            if (field == TensorName && wire == 2)
            {
                name = reader.ReadString(end);
            }
            else if (field == TensorDataLocation && wire == 0)
            {
                external |= reader.ReadVarint() == DataLocationExternal;
            }
            else if (field == TensorExternalData && wire == 2)
            {
                external = true;
                var entry = ReadLocation(reader, reader.ReadLength(end));
                location ??= entry;
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
        return (name, external, location);
    }

    // An external_data entry (StringStringEntryProto): its value when its key is "location".
    private static string? ReadLocation(ProtobufReader reader, long end)
    {
        var (key, value) = ("", "");
        while (reader.NextField(end) is var (field, wire))
        {
            if (field is EntryKey or EntryValue && wire == 2)
            {
                var text = reader.ReadString(end);
                (key, value) = field == EntryKey ? (text, value) : (key, text);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
        return key == "location" ? value : null;
    }

    private static void CheckSparseTensor(ProtobufReader reader, long end, string what)
    {
        while (reader.NextField(end) is var (field, wire))
        {
            if (field is SparseValues or SparseIndices && wire == 2)
            {
                var (name, external, location) = ReadTensor(reader, reader.ReadLength(end));
                if (external)
                {
                    throw new ExternalDataException($"{what} '{name}'", location);
                }
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    private static void CheckFunction(ProtobufReader reader, long end)
    {
        while (reader.NextField(end) is var (field, wire))
        {
            if (field == FunctionNode && wire == 2)
            {
                CheckNode(reader, reader.ReadLength(end));
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    /// <summary>A node's attributes: tensors (a Constant's value) must be inline; subgraphs (If, Loop, Scan) are checked the same way.</summary>
    private static void CheckNode(ProtobufReader reader, long end)
    {
        var (name, opType) = ("", "");
        string? externalAttribute = null;
        string? location = null;
        while (reader.NextField(end) is var (field, wire))
        {
            if (field is NodeName or NodeOpType && wire == 2)
            {
                var text = reader.ReadString(end);
                (name, opType) = field == NodeName ? (text, opType) : (name, text);
            }
            else if (field == NodeAttribute && wire == 2)
            {
                if (CheckAttribute(reader, reader.ReadLength(end)) is { } found && externalAttribute is null)
                {
                    (externalAttribute, location) = found;
                }
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
        if (externalAttribute is not null)
        {
            throw new ExternalDataException($"attribute '{externalAttribute}' of {opType} node '{name}'", location);
        }
    }

    private static (string Attribute, string? Location)? CheckAttribute(ProtobufReader reader, long end)
    {
        var name = "";
        (string, string?)? found = null;
        while (reader.NextField(end) is var (field, wire))
        {
            switch (field)
            {
                case AttributeName when wire == 2:
                    name = reader.ReadString(end);
                    break;
                case AttributeTensor or AttributeTensors when wire == 2:
                    var (_, external, location) = ReadTensor(reader, reader.ReadLength(end));
                    found ??= external ? ("", location) : null;
                    break;
                case AttributeSparseTensor or AttributeSparseTensors when wire == 2:
                    CheckSparseTensor(reader, reader.ReadLength(end), "sparse tensor");
                    break;
                case AttributeGraph or AttributeGraphs when wire == 2:
                    ReadGraph(reader, reader.ReadLength(end), main: false);
                    break;
                default:
                    reader.Skip(wire, end);
                    break;
            }
        }
        return found is { } hit ? (name, hit.Item2) : null;
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
