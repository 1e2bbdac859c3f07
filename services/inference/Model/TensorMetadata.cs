using MlOps.Inference.Serving;

namespace MlOps.Inference.Model;

/// <summary>One tensor in OIP v2 metadata (-1 for a dynamic dimension).</summary>
public sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape)
{
    public static TensorMetadata From(TensorSpec spec) => new(spec.Name, spec.Datatype.Name(), spec.Shape);
}
