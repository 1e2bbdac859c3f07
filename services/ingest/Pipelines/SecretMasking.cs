using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Ingest.Pipelines;

/// <summary>
/// Finds the secrets in a source config (tokens, keys, passwords, connection strings, credential headers) to mask them
/// when a pipeline is read back, and puts stored secrets back where an update sends the mask unchanged.
/// </summary>
public static class SecretMasking
{
    public const string Mask = "***";

    private static readonly string[] SecretWords = ["token", "password", "secret", "api_key", "apikey", "connection_string", "authorization", "credential"];

    public static bool IsSecretName(string name)
    {
        var lower = name.ToLowerInvariant().Replace('-', '_');
        return SecretWords.Any(lower.Contains) || lower is "key" or "x_api_key";
    }

    /// <summary>A copy with every secret string replaced by the mask.</summary>
    public static JsonElement Masked(JsonElement config)
    {
        var node = JsonNode.Parse(config.GetRawText())!;
        Walk(node, (parent, key) => parent[key] = Mask);
        return JsonSerializer.SerializeToElement(node);
    }

    /// <summary>
    /// The field that moves where stored secrets would be sent (a REST source's `client.base_url`), when an update changes it
    /// while sending secrets back masked: a stored secret must never follow a new destination unless it is entered again.
    /// </summary>
    public static string? MovedDestination(JsonElement update, JsonElement stored)
    {
        if (!update.GetRawText().Contains($"\"{Mask}\"", StringComparison.Ordinal))
        {
            return null;
        }
        static string? BaseUrl(JsonElement config) => config.ValueKind == JsonValueKind.Object && config.TryGetProperty("client", out var client)
            && client.ValueKind == JsonValueKind.Object && client.TryGetProperty("base_url", out var url) ? url.ToString() : null;
        return BaseUrl(update) == BaseUrl(stored) ? null : "client.base_url";
    }

    /// <summary>The update with each masked secret replaced by the stored value at the same path (when there is one).</summary>
    public static JsonElement Unmasked(JsonElement update, JsonElement stored)
    {
        var node = JsonNode.Parse(update.GetRawText())!;
        var previous = JsonNode.Parse(stored.GetRawText());
        Walk(node, (parent, key) =>
        {
            if (parent[key] is JsonValue value && value.TryGetValue<string>(out var text) && text == Mask && previous is not null)
            {
                parent[key] = Find(previous, value.GetPath())?.DeepClone();
            }
        });
        return JsonSerializer.SerializeToElement(node);
    }

    private static void Walk(JsonNode? node, Action<JsonObject, string> onSecret)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj.ToList())
            {
                if (child is JsonValue value && value.GetValueKind() == JsonValueKind.String && (IsSecretName(key) || IsCredentialHeader(obj, key)))
                {
                    onSecret(obj, key);
                }
                else
                {
                    Walk(child, onSecret);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                Walk(child, onSecret);
            }
        }
    }

    // Every value in a `headers` object is treated as a credential: APIs name their key headers freely.
    private static bool IsCredentialHeader(JsonObject parent, string key) => parent.Parent is JsonObject && parent.GetPropertyName() == "headers" && key.Length > 0;

    private static JsonNode? Find(JsonNode root, string path)
    {
        var stack = new Stack<JsonNode>();
        stack.Push(root);
        while (stack.TryPop(out var node))
        {
            if (node.GetPath() == path)
            {
                return node;
            }
            if (node is JsonObject obj)
            {
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        stack.Push(child);
                    }
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        stack.Push(child);
                    }
                }
            }
        }
        return null;
    }
}
