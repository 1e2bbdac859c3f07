using MlOps.Inference.Serving;

namespace MlOps.Inference.Model;

/// <summary>OIP v2 server metadata.</summary>
public sealed record ServerMetadataResponse(string Name, string Version, IReadOnlyList<string> Extensions);

/// <summary>OIP v2 model metadata: served versions, platform, inputs and outputs.</summary>
public sealed record ModelMetadataResponse(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorMetadata> Inputs, IReadOnlyList<TensorMetadata> Outputs);

/// <summary>One tensor in OIP v2 metadata (-1 for a dynamic dimension).</summary>
public sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape)
{
    public static TensorMetadata From(TensorSpec spec) => new(spec.Name, spec.Datatype.Name(), spec.Shape);
}
