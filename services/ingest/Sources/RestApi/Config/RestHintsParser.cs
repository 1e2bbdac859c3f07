using System.Text.Json.Nodes;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Sources.RestApi.ConfigReader;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// dlt's resource hints: primary_key, write_disposition, columns, table_name and schema_contract — of a rest_api resource, and
/// of the postgres and files sources' configs, which carry them the same way.
/// </summary>
internal static class RestHintsParser
{
    private static readonly string[] ColumnKeys = ["name", "data_type", "nullable", "hard_delete", "precision", "scale", "primary_key"];

    /// <summary>The hints of a source config given as a JSON element (postgres, files), at the config's root.</summary>
    public static ResourceHints Parse(System.Text.Json.JsonElement config, string resource) =>
        Parse(resource, JsonObject.Create(config) ?? throw new SourceConfigException("config", "must be an object."), "");

    public static ResourceHints Parse(string name, JsonObject resource, string path)
    {
        var (disposition, strategy) = WriteDisposition(resource["write_disposition"], ConfigJson.Join(path, "write_disposition"));
        var primaryKey = Strings(resource["primary_key"], ConfigJson.Join(path, "primary_key"));
        var columns = Columns(resource["columns"], ConfigJson.Join(path, "columns"), out var columnKeys);
        return new ResourceHints
        {
            Name = name,
            TableName = String(resource, "table_name", path),
            Disposition = disposition,
            MergeStrategy = strategy,
            PrimaryKey = primaryKey.Count > 0 ? primaryKey : columnKeys,
            Columns = columns,
            Contract = Contract(resource["schema_contract"], ConfigJson.Join(path, "schema_contract")),
            Quality = QualityChecksJson.Parse(resource["quality"] is { } quality ? System.Text.Json.JsonSerializer.SerializeToElement(quality) : null,
                ConfigJson.Join(path, "quality")),
        };
    }

    public static List<string> Strings(JsonNode? node, string path) => node switch
    {
        null => [],
        JsonValue v when v.TryGetValue<string>(out var one) => [one],
        JsonArray a => [.. a.Select((n, i) => n is JsonValue s && s.TryGetValue<string>(out var text)
            ? text : throw new SourceConfigException($"{path}[{i}]", "must be a string."))],
        _ => throw new SourceConfigException(path, $"must be a string or an array of strings, not {Kind(node)}."),
    };

    private static (WriteDisposition, MergeStrategy) WriteDisposition(JsonNode? node, string path)
    {
        if (node is null)
        {
            return (Loading.WriteDisposition.Append, MergeStrategy.DeleteInsert);
        }
        var o = node is JsonValue v && v.TryGetValue<string>(out var text) ? new JsonObject { ["disposition"] = text } : Object(node, path);
        OnlyKeys(o, path, ["disposition", "strategy"]);
        var disposition = RequiredString(o, "disposition", path) switch
        {
            "append" => Loading.WriteDisposition.Append,
            "replace" => Loading.WriteDisposition.Replace,
            "merge" => Loading.WriteDisposition.Merge,
            var other => throw new SourceConfigException(path, $"'{other}' is not a write disposition (append, replace, merge)."),
        };
        var strategy = String(o, "strategy", path) switch
        {
            null or "delete-insert" => MergeStrategy.DeleteInsert,
            "upsert" => MergeStrategy.Upsert,
            "scd2" => MergeStrategy.Scd2,
            var other => throw new SourceConfigException($"{path}.strategy", $"'{other}' is not a merge strategy (delete-insert, upsert, scd2)."),
        };
        if (o.ContainsKey("strategy") && disposition != Loading.WriteDisposition.Merge)
        {
            throw new SourceConfigException($"{path}.strategy", "applies to the merge disposition only.");
        }
        return (disposition, strategy);
    }

    private static Dictionary<string, ColumnHint> Columns(JsonNode? node, string path, out List<string> primaryKey)
    {
        primaryKey = [];
        var columns = new Dictionary<string, ColumnHint>();
        // dlt takes columns as {name: hints} or as a list of hints that carry their name.
        var entries = node switch
        {
            null => [],
            JsonObject o => o.Select(p => (p.Key, Hints: Object(p.Value, $"{path}.{p.Key}"), Path: $"{path}.{p.Key}")).ToList(),
            JsonArray a => a.Select((n, i) => (Key: RequiredString(Object(n, $"{path}[{i}]"), "name", $"{path}[{i}]"),
                Hints: n!.AsObject(), Path: $"{path}[{i}]")).ToList(),
            _ => throw new SourceConfigException(path, $"must be an object of column hints, not {Kind(node)}."),
        };
        foreach (var (name, hints, hintPath) in entries)
        {
            OnlyKeys(hints, hintPath, ColumnKeys);
            DataType? type = null;
            if (String(hints, "data_type", hintPath) is { } typeName)
            {
                type = DataTypeNames.TryParse(typeName, out var parsed) ? parsed
                    : throw new SourceConfigException($"{hintPath}.data_type",
                        $"'{typeName}' is not a supported data type ({string.Join(", ", DataTypeNames.Known)}).");
            }
            columns[name] = new ColumnHint
            {
                DataType = type,
                Nullable = Bool(hints, "nullable", hintPath),
                HardDelete = Bool(hints, "hard_delete", hintPath) ?? false,
                Precision = (int?)Integer(hints, "precision", hintPath, 1),
                Scale = (int?)Integer(hints, "scale", hintPath, 0),
            };
            if (Bool(hints, "primary_key", hintPath) == true)
            {
                primaryKey.Add(name);
            }
        }
        return columns;
    }

    private static SchemaContract Contract(JsonNode? node, string path)
    {
        if (node is null)
        {
            return SchemaContract.Evolve;
        }
        if (node is JsonValue v && v.TryGetValue<string>(out var all))
        {
            var mode = Mode(all, path);
            return new SchemaContract(mode, mode, mode);
        }
        var o = Object(node, path);
        OnlyKeys(o, path, ["tables", "columns", "data_type"]);
        ContractMode Of(string key) => String(o, key, path) is { } text ? Mode(text, $"{path}.{key}") : ContractMode.Evolve;
        return new SchemaContract(Of("tables"), Of("columns"), Of("data_type"));
    }

    private static ContractMode Mode(string text, string path) => text switch
    {
        "evolve" => ContractMode.Evolve,
        "freeze" => ContractMode.Freeze,
        "discard_row" => ContractMode.DiscardRow,
        "discard_value" => ContractMode.DiscardValue,
        _ => throw new SourceConfigException(path, $"'{text}' is not a contract mode (evolve, freeze, discard_row, discard_value)."),
    };
}
