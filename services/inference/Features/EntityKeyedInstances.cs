using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Features;

/// <summary>
/// Instances that name an entity instead of (or besides) spelling out features: an instance with a key that is not a model
/// input, or with an input left out, is looked up by its join keys (which may be inputs too), and the model's feature service
/// fills each input the instance leaves out. Given values win.
/// </summary>
public static class EntityKeyedInstances
{
    /// <summary>The entity of each instance that names one (by instance index); null when no instance does.</summary>
    public static EntityLookup? Split(JsonElement root, ModelSignature signature)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("instances", out var instances) || instances.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var entities = new JsonArray();
        var indexes = new List<int>();
        var index = 0;
        foreach (var instance in instances.EnumerateArray())
        {
            if (instance.ValueKind == JsonValueKind.Object)
            {
                if (NeedsLookup(instance, signature))
                {
                    // Every property goes: a join key may also be a model input, and the lookup reads only the join keys.
                    var entity = new JsonObject();
                    foreach (var property in instance.EnumerateObject())
                    {
                        entity[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                    }
                    entities.Add(entity);
                    indexes.Add(index);
                }
            }
            index++;
        }
        return indexes.Count == 0 ? null : new EntityLookup(entities, indexes);
    }

    // An instance names an entity when it has a key that is not an input, or leaves an input out.
    private static bool NeedsLookup(JsonElement instance, ModelSignature signature)
    {
        var inputs = 0;
        foreach (var property in instance.EnumerateObject())
        {
            if (signature.IndexOf(property.Name) < 0)
            {
                return true;
            }
            inputs++;
        }
        return inputs < signature.Inputs.Count;
    }

    /// <summary>The instances with every input filled from the lookup's answer (its results one per entity, in order), as {"instances": [...]}.</summary>
    /// <exception cref="InferenceInputException">A key is neither an input nor a join key, or an input is neither given nor served for the instance's entity.</exception>
    public static JsonDocument Fill(JsonElement root, EntityLookup lookup, JsonElement answer, ModelSignature signature, string featureService)
    {
        RefuseUnknownKeys(lookup, answer, signature, featureService);
        var resultOf = new Dictionary<int, JsonElement>();
        var position = 0;
        foreach (var result in answer.GetProperty("results").EnumerateArray())
        {
            if (position < lookup.Indexes.Count)
            {
                resultOf[lookup.Indexes[position]] = result;
            }
            position++;
        }
        var filled = new JsonArray();
        var index = 0;
        foreach (var instance in root.GetProperty("instances").EnumerateArray())
        {
            filled.Add(resultOf.TryGetValue(index, out var result) ? FillOne(instance, result, signature, featureService, index) : JsonNode.Parse(instance.GetRawText()));
            index++;
        }
        return JsonSerializer.SerializeToDocument(new JsonObject { ["instances"] = filled });
    }

    // The lookup ignores keys that are not join keys: a mistyped input name would otherwise be filled from the store unnoticed.
    private static void RefuseUnknownKeys(EntityLookup lookup, JsonElement answer, ModelSignature signature, string featureService)
    {
        var joinKeys = answer.TryGetProperty("joinKeys", out var keys) && keys.ValueKind == JsonValueKind.Array
            ? keys.EnumerateArray().Select(k => k.GetString()).ToHashSet(StringComparer.Ordinal)
            : [];
        for (var n = 0; n < lookup.Entities.Count; n++)
        {
            if (lookup.Entities[n]!.AsObject().Select(p => p.Key).FirstOrDefault(k => !joinKeys.Contains(k) && signature.IndexOf(k) < 0) is { } unknown)
            {
                throw new InferenceInputException(
                    $"instance {lookup.Indexes[n]}: unexpected feature '{unknown}'; the model's features are {string.Join(", ", signature.Inputs.Select(i => i.Name))}, and feature service '{featureService}' is keyed by {string.Join(", ", joinKeys)}.");
            }
        }
    }

    private static JsonObject FillOne(JsonElement instance, JsonElement result, ModelSignature signature, string featureService, int index)
    {
        var values = result.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
        var status = result.TryGetProperty("status", out var s) ? s.GetString() : null;
        var row = new JsonObject();
        foreach (var spec in signature.Inputs)
        {
            if (instance.TryGetProperty(spec.Name, out var given))
            {
                row[spec.Name] = JsonNode.Parse(given.GetRawText());
            }
            else if (Served(values, spec.Name, featureService) is { } served)
            {
                row[spec.Name] = JsonNode.Parse(served.GetRawText());
            }
            else
            {
                var entity = result.TryGetProperty("entity", out var e) ? e.GetRawText() : "?";
                throw new InferenceInputException(
                    $"instance {index}: feature '{spec.Name}' is not given and feature service '{featureService}' has no value of it for entity {entity} (lookup status: {status}).");
            }
        }
        return row;
    }

    // A feature service serves "<view>__<feature>": an input matches its full name or, when only one view has it, the feature's name.
    private static JsonElement? Served(JsonElement values, string input, string featureService)
    {
        if (values.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (values.TryGetProperty(input, out var exact))
        {
            return exact.ValueKind == JsonValueKind.Null ? null : exact;
        }
        var matches = values.EnumerateObject().Where(p => p.Name.EndsWith("__" + input, StringComparison.Ordinal)).ToList();
        if (matches.Count > 1)
        {
            throw new InferenceInputException(
                $"feature service '{featureService}' serves {string.Join(" and ", matches.Select(m => $"'{m.Name}'"))}: name the input '{input}' after one of them.");
        }
        return matches.Count == 1 && matches[0].Value.ValueKind != JsonValueKind.Null ? matches[0].Value : null;
    }
}
