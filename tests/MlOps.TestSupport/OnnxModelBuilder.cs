using System.Text;

namespace MlOps.TestSupport;

/// <summary>
/// Writes small, real ONNX models (protobuf ModelProto) for tests: an Identity graph from one float input of shape
/// [N, features] to one output. ONNX Runtime loads them like any exported model.
/// </summary>
public static class OnnxModelBuilder
{
    private const int Float = 1;

    /// <param name="producer">Varies the bytes (and so the digest) without changing the graph.</param>
    public static byte[] Identity(string input = "features", string output = "score", int features = 4, string producer = "mlops-tests")
    {
        var valueIn = ValueInfo(input, features);
        var valueOut = ValueInfo(output, features);
        var node = Concat(String(1, input), String(2, output), String(3, "identity"), String(4, "Identity"));
        var graph = Concat(Message(1, node), String(2, "graph"), Message(11, valueIn), Message(12, valueOut));
        var opset = Concat(String(1, ""), Varint(2, 13));
        return Concat(Varint(1, 8), String(2, producer), Message(7, graph), Message(8, opset));
    }

    private static byte[] ValueInfo(string name, int features)
    {
        var shape = Concat(Message(1, String(2, "N")), Message(1, Varint(1, features)));
        var tensor = Concat(Varint(1, Float), Message(2, shape));
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
