using System.Text.Json.Nodes;

namespace MlOps.Inference.Features;

/// <summary>The entities to look up, and the index of the instance each came from.</summary>
public sealed record EntityLookup(JsonArray Entities, IReadOnlyList<int> Indexes);
