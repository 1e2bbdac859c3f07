using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Features;

/// <summary>
/// Hybrid serving on OIP v2 infer: tensors that are not model inputs carry join keys, one value per row. Each row becomes an
/// instance, so rows are looked up and filled exactly as entity-keyed <c>:predict</c> instances are.
/// </summary>
public static class OipEntityRows
{
    /// <summary>Whether the request names an entity: a tensor that is not a model input, or a model input left out.</summary>
    public static bool NeedsLookup(IReadOnlyList<Tensor> inputs, ModelSignature signature) =>
        inputs.Any(t => signature.IndexOf(t.Name) < 0) || signature.Inputs.Any(spec => !inputs.Any(t => t.Name == spec.Name));

    /// <summary>The tensors as {"instances": [...]}, one instance per row (the first dimension), each tensor's row as a value or an array.</summary>
    /// <exception cref="InferenceInputException">The tensors disagree on their rows, or a value has no JSON form.</exception>
    public static JsonDocument ToInstances(IReadOnlyList<Tensor> inputs)
    {
        var rows = Rows(inputs[0]);
        if (inputs.FirstOrDefault(t => Rows(t) != rows) is { } other)
        {
            throw new InferenceInputException(
                $"input '{other.Name}' has {Rows(other)} row(s) and '{inputs[0].Name}' {rows}: looking up entities needs one row per entity in every input.");
        }
        var instances = new JsonArray();
        for (var row = 0; row < rows; row++)
        {
            var instance = new JsonObject();
            foreach (var tensor in inputs)
            {
                var size = tensor.RowSize;
                instance[tensor.Name] = size == 1
                    ? Node(tensor, row)
                    : new JsonArray([.. Enumerable.Range(row * size, size).Select(i => Node(tensor, i))]);
            }
            instances.Add(instance);
        }
        return JsonSerializer.SerializeToDocument(new JsonObject { ["instances"] = instances });
    }

    private static int Rows(Tensor tensor) => tensor.Shape.Length == 0 ? 1 : (int)tensor.Shape[0];

    private static JsonNode? Node(Tensor tensor, int index) => tensor.Data.GetValue(index) switch
    {
        float f when !float.IsFinite(f) => throw NotFinite(tensor),
        double d when !double.IsFinite(d) => throw NotFinite(tensor),
        var value => JsonValue.Create(value),
    };

    private static InferenceInputException NotFinite(Tensor tensor) =>
        new($"input '{tensor.Name}': a value that is not finite cannot be looked up or filled by entity.");
}
