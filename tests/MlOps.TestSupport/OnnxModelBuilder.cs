using System.Text;

namespace MlOps.TestSupport;

/// <summary>
/// Writes small, real ONNX models (protobuf ModelProto) for tests: an Identity graph from one input of shape
/// [N, features] to one output of the same type. ONNX Runtime loads them like any exported model (unless they are
/// given an initializer whose data is in an external file, as exporters write models over 2 GB).
/// </summary>
public static class OnnxModelBuilder
{
    /// <summary>ONNX TensorProto element types by OIP v2 datatype name.</summary>
    public static readonly IReadOnlyDictionary<string, int> ElementTypes = new Dictionary<string, int>
    {
        ["FP32"] = 1, ["UINT8"] = 2, ["INT8"] = 3, ["UINT16"] = 4, ["INT16"] = 5, ["INT32"] = 6, ["INT64"] = 7,
        ["BYTES"] = 8, ["BOOL"] = 9, ["FP64"] = 11, ["UINT32"] = 12, ["UINT64"] = 13,
    };

    /// <param name="producer">Varies the bytes (and so the digest) without changing the graph.</param>
    /// <param name="datatype">The OIP v2 datatype of input and output (FP32 unless given).</param>
    /// <param name="externalInitializer">
    /// Adds an FP32 initializer of this name whose data is in "weights.bin" beside the model (data_location EXTERNAL with
    /// location, offset and length entries), as onnx.save_model(..., save_as_external_data=True) writes it.
    /// </param>
    /// <param name="constantNode">Adds a Constant node of this name (its output unused), its value tensor inline or, with <paramref name="externalConstant"/>, external.</param>
    /// <param name="externalConstant">Whether the Constant node's value tensor keeps its data in "weights.bin".</param>
    public static byte[] Identity(string input = "features", string output = "score", int features = 4, string producer = "mlops-tests", string datatype = "FP32",
        string? externalInitializer = null, string? constantNode = null, bool externalConstant = false)
    {
        var elementType = ElementTypes[datatype];
        var valueIn = ValueInfo(input, features, elementType);
        var valueOut = ValueInfo(output, features, elementType);
        var node = Concat(String(1, input), String(2, output), String(3, "identity"), String(4, "Identity"));
        var initializer = externalInitializer is null ? [] : Message(5, ExternalTensor(externalInitializer, features));
        var constant = constantNode is null ? [] : Message(1, Concat(String(2, constantNode + "_out"), String(3, constantNode), String(4, "Constant"),
            Message(5, Concat(String(1, "value"), Message(5, externalConstant ? ExternalTensor("", 1) : InlineTensor(1.5f)), Varint(20, 4)))));
        var graph = Concat(Message(1, node), constant, String(2, "graph"), initializer, Message(11, valueIn), Message(12, valueOut));
        var opset = Concat(String(1, ""), Varint(2, 13));
        return Concat(Varint(1, 8), String(2, producer), Message(7, graph), Message(8, opset));
    }

    /// <summary>A graph that multiplies its FP32 input [N, features] by a constant: a model whose scores are the input's, scaled.</summary>
    public static byte[] Scale(float factor, string input = "features", string output = "score", int features = 4, string producer = "mlops-tests")
    {
        var valueIn = ValueInfo(input, features, ElementTypes["FP32"]);
        var valueOut = ValueInfo(output, features, ElementTypes["FP32"]);
        var node = Concat(String(1, input), String(1, "factor"), String(2, output), String(3, "scale"), String(4, "Mul"));
        var initializer = Concat(Varint(1, 1), Varint(2, ElementTypes["FP32"]), String(8, "factor"), Message(9, BitConverter.GetBytes(factor)));
        var graph = Concat(Message(1, node), String(2, "graph"), Message(5, initializer), Message(11, valueIn), Message(12, valueOut));
        var opset = Concat(String(1, ""), Varint(2, 13));
        return Concat(Varint(1, 8), String(2, producer), Message(7, graph), Message(8, opset));
    }

    // TensorProto: dims (1), data_type (2), name (8), external_data entries (13), data_location (14) = EXTERNAL.
    private static byte[] ExternalTensor(string name, int elements) => Concat(
        Varint(1, elements), Varint(2, ElementTypes["FP32"]), String(8, name),
        Message(13, Concat(String(1, "location"), String(2, "weights.bin"))),
        Message(13, Concat(String(1, "offset"), String(2, "0"))),
        Message(13, Concat(String(1, "length"), String(2, (elements * 4).ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        Varint(14, 1));

    // TensorProto: dims (1) = [1], data_type (2) FP32, raw_data (9): one little-endian float.
    private static byte[] InlineTensor(float value) => Concat(Varint(1, 1), Varint(2, ElementTypes["FP32"]), Message(9, BitConverter.GetBytes(value)));

    private static byte[] ValueInfo(string name, int features, int elementType)
    {
        var shape = Concat(Message(1, String(2, "N")), Message(1, Varint(1, features)));
        var tensor = Concat(Varint(1, elementType), Message(2, shape));
        return Concat(String(1, name), Message(2, Message(1, tensor)));
    }

    private static byte[] Varint(int field, long value) => Concat(Key(field, 0), Encode((ulong)value));

    private static byte[] String(int field, string value) => Message(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Message(int field, byte[] body) => Concat(Key(field, 2), Encode((ulong)body.Length), body);

    private static byte[] Key(int field, int wireType) => Encode((ulong)((field << 3) | wireType));

    private static byte[] Encode(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
