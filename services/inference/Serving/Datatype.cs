namespace MlOps.Inference.Serving;

/// <summary>The Open Inference Protocol v2 datatypes this server speaks, and the ONNX element type each maps to.</summary>
public enum Datatype
{
    Bool, Int8, Int16, Int32, Int64, Uint8, Uint16, Uint32, Uint64, Fp32, Fp64, Bytes,
}
