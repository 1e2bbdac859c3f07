using System.Text;

namespace MlOps.TestSupport;

/// <summary>
/// Writes small, real ONNX models (protobuf ModelProto) for tests: an Identity graph from one input of shape
/// [N, features] to one output of the same type. ONNX Runtime loads them like any exported model.
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
    public static byte[] Identity(string input = "features", string output = "score", int features = 4, string producer = "mlops-tests", string datatype = "FP32")
    {
        var elementType = ElementTypes[datatype];
        var valueIn = ValueInfo(input, features, elementType);
        var valueOut = ValueInfo(output, features, elementType);
        var node = Concat(String(1, input), String(2, output), String(3, "identity"), String(4, "Identity"));
        var graph = Concat(Message(1, node), String(2, "graph"), Message(11, valueIn), Message(12, valueOut));
        var opset = Concat(String(1, ""), Varint(2, 13));
        return Concat(Varint(1, 8), String(2, producer), Message(7, graph), Message(8, opset));
    }

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
