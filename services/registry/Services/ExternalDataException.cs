namespace MlOps.Registry.Services;

/// <summary>
/// The model keeps tensor data in files beside it (ONNX external data): the registry stores, digests and signs one file, and
/// a loader would read whatever path the model names. The message names the tensor and the file it points to.
/// </summary>
public sealed class ExternalDataException(string tensor, string? location) : Exception(
    $"{tensor} keeps its data in an external file{(location is null ? "" : $" ('{location}')")}; the registry stores self-contained models only: "
    + "save the model with its weights inside it (for example onnx.save_model(model, path, save_as_external_data=False))");
