using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlOps.Inference.Serving;

/// <summary>Parsing, naming and allocating OIP v2 datatypes, and mapping them from ONNX element types.</summary>
public static class Datatypes
{
    public static bool TryParse(ReadOnlySpan<byte> name, out Datatype datatype)
    {
        datatype = name switch
        {
            _ when name.SequenceEqual("FP32"u8) => Datatype.Fp32,
            _ when name.SequenceEqual("FP64"u8) => Datatype.Fp64,
            _ when name.SequenceEqual("INT64"u8) => Datatype.Int64,
            _ when name.SequenceEqual("INT32"u8) => Datatype.Int32,
            _ when name.SequenceEqual("BYTES"u8) => Datatype.Bytes,
            _ when name.SequenceEqual("BOOL"u8) => Datatype.Bool,
            _ when name.SequenceEqual("INT8"u8) => Datatype.Int8,
            _ when name.SequenceEqual("INT16"u8) => Datatype.Int16,
            _ when name.SequenceEqual("UINT8"u8) => Datatype.Uint8,
            _ when name.SequenceEqual("UINT16"u8) => Datatype.Uint16,
            _ when name.SequenceEqual("UINT32"u8) => Datatype.Uint32,
            _ when name.SequenceEqual("UINT64"u8) => Datatype.Uint64,
            _ => (Datatype)(-1),
        };
        return (int)datatype >= 0;
    }

    public static string Name(this Datatype datatype) => datatype switch
    {
        Datatype.Bool => "BOOL",
        Datatype.Int8 => "INT8",
        Datatype.Int16 => "INT16",
        Datatype.Int32 => "INT32",
        Datatype.Int64 => "INT64",
        Datatype.Uint8 => "UINT8",
        Datatype.Uint16 => "UINT16",
        Datatype.Uint32 => "UINT32",
        Datatype.Uint64 => "UINT64",
        Datatype.Fp32 => "FP32",
        Datatype.Fp64 => "FP64",
        _ => "BYTES",
    };

    public static bool TryFromOnnx(TensorElementType type, out Datatype datatype)
    {
        datatype = type switch
        {
            TensorElementType.Bool => Datatype.Bool,
            TensorElementType.Int8 => Datatype.Int8,
            TensorElementType.Int16 => Datatype.Int16,
            TensorElementType.Int32 => Datatype.Int32,
            TensorElementType.Int64 => Datatype.Int64,
            TensorElementType.UInt8 => Datatype.Uint8,
            TensorElementType.UInt16 => Datatype.Uint16,
            TensorElementType.UInt32 => Datatype.Uint32,
            TensorElementType.UInt64 => Datatype.Uint64,
            TensorElementType.Float => Datatype.Fp32,
            TensorElementType.Double => Datatype.Fp64,
            TensorElementType.String => Datatype.Bytes,
            _ => (Datatype)(-1),
        };
        return (int)datatype >= 0;
    }

    /// <summary>A typed managed buffer for <paramref name="length"/> elements of the datatype.</summary>
    public static Array Allocate(this Datatype datatype, int length) => datatype switch
    {
        Datatype.Bool => new bool[length],
        Datatype.Int8 => new sbyte[length],
        Datatype.Int16 => new short[length],
        Datatype.Int32 => new int[length],
        Datatype.Int64 => new long[length],
        Datatype.Uint8 => new byte[length],
        Datatype.Uint16 => new ushort[length],
        Datatype.Uint32 => new uint[length],
        Datatype.Uint64 => new ulong[length],
        Datatype.Fp32 => new float[length],
        Datatype.Fp64 => new double[length],
        _ => new string[length],
    };
}
