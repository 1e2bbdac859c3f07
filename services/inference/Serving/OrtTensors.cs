using Microsoft.ML.OnnxRuntime;

namespace MlOps.Inference.Serving;

/// <summary>Moves tensors across the ONNX Runtime boundary: managed arrays are pinned, not copied; strings are the exception.</summary>
public static class OrtTensors
{
    // Switches on the datatype, not the array's type: the runtime lets byte[] pass as sbyte[] (and ushort[] as short[] ...).
    public static OrtValue ToOrtValue(Tensor tensor) => tensor.Datatype switch
    {
        Datatype.Fp32 => OrtValue.CreateTensorValueFromMemory((float[])tensor.Data, tensor.Shape),
        Datatype.Fp64 => OrtValue.CreateTensorValueFromMemory((double[])tensor.Data, tensor.Shape),
        Datatype.Int64 => OrtValue.CreateTensorValueFromMemory((long[])tensor.Data, tensor.Shape),
        Datatype.Int32 => OrtValue.CreateTensorValueFromMemory((int[])tensor.Data, tensor.Shape),
        Datatype.Int16 => OrtValue.CreateTensorValueFromMemory((short[])tensor.Data, tensor.Shape),
        Datatype.Int8 => OrtValue.CreateTensorValueFromMemory((sbyte[])tensor.Data, tensor.Shape),
        Datatype.Uint8 => OrtValue.CreateTensorValueFromMemory((byte[])tensor.Data, tensor.Shape),
        Datatype.Uint16 => OrtValue.CreateTensorValueFromMemory((ushort[])tensor.Data, tensor.Shape),
        Datatype.Uint32 => OrtValue.CreateTensorValueFromMemory((uint[])tensor.Data, tensor.Shape),
        Datatype.Uint64 => OrtValue.CreateTensorValueFromMemory((ulong[])tensor.Data, tensor.Shape),
        Datatype.Bool => OrtValue.CreateTensorValueFromMemory((bool[])tensor.Data, tensor.Shape),
        _ => Strings((string[])tensor.Data, tensor.Shape),
    };

    public static Tensor FromOrtValue(TensorSpec spec, OrtValue value)
    {
        var shape = value.GetTensorTypeAndShape().Shape;
        Array data = spec.Datatype switch
        {
            Datatype.Fp32 => value.GetTensorDataAsSpan<float>().ToArray(),
            Datatype.Fp64 => value.GetTensorDataAsSpan<double>().ToArray(),
            Datatype.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            Datatype.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            Datatype.Int16 => value.GetTensorDataAsSpan<short>().ToArray(),
            Datatype.Int8 => value.GetTensorDataAsSpan<sbyte>().ToArray(),
            Datatype.Uint8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            Datatype.Uint16 => value.GetTensorDataAsSpan<ushort>().ToArray(),
            Datatype.Uint32 => value.GetTensorDataAsSpan<uint>().ToArray(),
            Datatype.Uint64 => value.GetTensorDataAsSpan<ulong>().ToArray(),
            Datatype.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            _ => value.GetStringTensorAsArray(),
        };
        return new Tensor(spec.Name, spec.Datatype, shape, data);
    }

    private static OrtValue Strings(string[] data, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        for (var i = 0; i < data.Length; i++)
        {
            value.StringTensorSetElementAt(data[i].AsSpan(), i);
        }
        return value;
    }
}
