using System.Text.Json;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Sources;

/// <summary>dlt's resource hints in a source's JSON: `primary_key`, `write_disposition`, `columns`, `schema_contract`, `table_name`.</summary>
public static class ResourceHintsJson
{
    public static ResourceHints Parse(JsonElement config, string resource, string path = "") => new()
    {
        Name = resource,
        TableName = ConfigJson.OptionalString(config, "table_name", path),
        Disposition = ParseDisposition(config, path, out var strategy),
        MergeStrategy = strategy,
        PrimaryKey = ParseKey(config, path),
        Columns = ParseColumns(config, path),
        Contract = ParseContract(config, path),
        Quality = QualityChecksJson.Parse(ConfigJson.Optional(config, "quality"), ConfigJson.Join(path, "quality")),
    };

    private static List<string> ParseKey(JsonElement config, string path)
    {
        var field = ConfigJson.Join(path, "primary_key");
        return ConfigJson.Optional(config, "primary_key") switch
        {
            null => [],
            { ValueKind: JsonValueKind.String } one when one.GetString() is { Length: > 0 } name => [name],
            { ValueKind: JsonValueKind.Array } many => [.. many.EnumerateArray().Select((item, i) =>
                item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } name
                    ? name
                    : throw new SourceConfigException($"{field}[{i}]", "must be a column name"))],
            _ => throw new SourceConfigException(field, "must be a column name or a list of column names"),
        };
    }

    private static WriteDisposition ParseDisposition(JsonElement config, string path, out MergeStrategy strategy)
    {
        strategy = MergeStrategy.DeleteInsert;
        var field = ConfigJson.Join(path, "write_disposition");
        var value = ConfigJson.Optional(config, "write_disposition");
        string? name;
        if (value is { ValueKind: JsonValueKind.Object } spec)
        {
            name = ConfigJson.RequiredString(spec, "disposition", field);
            strategy = ConfigJson.OptionalString(spec, "strategy", field) switch
            {
                null or "delete-insert" => MergeStrategy.DeleteInsert,
                "upsert" => MergeStrategy.Upsert,
                "scd2" => MergeStrategy.Scd2,
                _ => throw new SourceConfigException($"{field}.strategy", "must be delete-insert, upsert or scd2"),
            };
        }
        else
        {
            name = ConfigJson.OptionalString(config, "write_disposition", path);
        }
        return name switch
        {
            null or "append" => WriteDisposition.Append,
            "replace" => WriteDisposition.Replace,
            "merge" => WriteDisposition.Merge,
            _ => throw new SourceConfigException(field, "must be append, replace or merge"),
        };
    }

    private static Dictionary<string, ColumnHint> ParseColumns(JsonElement config, string path)
    {
        var field = ConfigJson.Join(path, "columns");
        var hints = new Dictionary<string, ColumnHint>(StringComparer.Ordinal);
        if (ConfigJson.Optional(config, "columns") is not { } columns)
        {
            return hints;
        }
        foreach (var column in ConfigJson.RequireObject(columns, field).EnumerateObject())
        {
            var at = $"{field}.{column.Name}";
            var hint = ConfigJson.RequireObject(column.Value, at);
            DataType? type = null;
            if (ConfigJson.OptionalString(hint, "data_type", at) is { } typeName)
            {
                type = DataTypeNames.TryParse(typeName, out var parsed)
                    ? parsed
                    : throw new SourceConfigException($"{at}.data_type", $"must be one of {string.Join(", ", DataTypeNames.Known)}");
            }
            hints[column.Name] = new ColumnHint
            {
                DataType = type,
                Nullable = ConfigJson.OptionalBool(hint, "nullable", at),
                HardDelete = ConfigJson.OptionalBool(hint, "hard_delete", at) ?? false,
                Precision = ConfigJson.OptionalInt(hint, "precision", at, 1, 1000),
                Scale = ConfigJson.OptionalInt(hint, "scale", at, 0, 1000),
            };
        }
        return hints;
    }

    private static SchemaContract ParseContract(JsonElement config, string path)
    {
        var field = ConfigJson.Join(path, "schema_contract");
        return ConfigJson.Optional(config, "schema_contract") switch
        {
            null => SchemaContract.Evolve,
            { ValueKind: JsonValueKind.String } all => new SchemaContract(Mode(all, field), Mode(all, field), Mode(all, field)),
            { ValueKind: JsonValueKind.Object } each => new SchemaContract(
                ModeOf(each, "tables", field), ModeOf(each, "columns", field), ModeOf(each, "data_type", field)),
            _ => throw new SourceConfigException(field, "must be a mode or an object of tables/columns/data_type modes"),
        };
    }

    private static ContractMode ModeOf(JsonElement contract, string name, string field) =>
        ConfigJson.Optional(contract, name) is { } value ? Mode(value, $"{field}.{name}") : ContractMode.Evolve;

    private static ContractMode Mode(JsonElement value, string field) => value.ValueKind == JsonValueKind.String
        ? value.GetString() switch
        {
            "evolve" => ContractMode.Evolve,
            "freeze" => ContractMode.Freeze,
            "discard_row" => ContractMode.DiscardRow,
            "discard_value" => ContractMode.DiscardValue,
            _ => throw new SourceConfigException(field, "must be evolve, freeze, discard_row or discard_value"),
        }
        : throw new SourceConfigException(field, "must be evolve, freeze, discard_row or discard_value");
}
