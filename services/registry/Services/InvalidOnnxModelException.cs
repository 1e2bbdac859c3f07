namespace MlOps.Registry.Services;

/// <summary>The uploaded file is not an ONNX model ONNX Runtime can load; the message says what failed to parse.</summary>
public sealed class InvalidOnnxModelException(string reason) : Exception(reason);
