using System.Text.Json;
using MlOps.Contracts;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Normalize;

/// <summary>
/// JSON documents into relational tables, as dlt does: nested objects flatten to `parent__child` columns, lists become
/// child tables `&lt;table&gt;__&lt;field&gt;` linked by `_dlt_parent_id`/`_dlt_list_idx`/`_dlt_root_id`, a list of scalars
/// a child table with a `value` column, a list in a list a child table `...__list`. Nesting is unpacked to
/// <see cref="MaxNesting"/> levels; a deeper object or list is kept whole in a json column.
/// </summary>
internal sealed class DocumentNormalizer(BatchContext context)
{
    public const int MaxNesting = 10;
    private const int NameCacheLimit = 4096;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private List<(string Path, JsonElement List, int Level)>? _lists;

    public void Run()
    {
        var documents = context.Batch.Documents;
        for (var i = 0; i < documents.Count; i++)
        {
            Row(context.Root, context.Root.Name, documents[i], i, 0, null, null, 0);
        }
    }

    private void Row(TableState table, string path, JsonElement element, int item, int level, string? parentId, string? rootId, long listIndex)
    {
        var assembler = context.Assembler;
        assembler.Begin(table);
        _seen.Clear();
        _lists = null;
        if (element.ValueKind == JsonValueKind.Object)
        {
            Flatten(table, element, null, level);
        }
        else if (element.ValueKind == JsonValueKind.Array && level < MaxNesting)
        {
            // A list in a list: this row only links its items, which go one table deeper.
            _lists = [("list", element, level + 1)];
        }
        else
        {
            // dlt wraps a scalar (a list item, a document that is no object) as {"value": ...}.
            Value(table, DltColumns.Value, element, level);
        }
        var lists = _lists;
        if (!assembler.Commit())
        {
            context.Quarantine(table.Name, item, assembler.DiscardReason!, null, element.GetRawText());
            return;
        }
        context.QuarantineDiscardedValues(table.Name, item);
        var row = assembler.Row;
        row[table.LoadIdIndex] = context.LoadId;
        string id;
        if (parentId is null)
        {
            id = context.RootRowId(row, lists is null ? null : string.Join('\u001e', lists.Select(l => l.List.GetRawText())));
        }
        else
        {
            id = context.ChildRowId(table, parentId, listIndex);
            row[table.ParentIdIndex] = parentId;
            row[table.ListIdxIndex] = listIndex;
            row[table.RootIdIndex] = rootId;
        }
        row[table.IdIndex] = id;
        foreach (var (listPath, list, listLevel) in lists ?? [])
        {
            var childPath = path + "__" + listPath;
            var child = context.Child(WarehouseNames.Fit(childPath), table.Name);
            var index = 0L;
            foreach (var childElement in list.EnumerateArray())
            {
                Row(child, childPath, childElement, item, listLevel, id, rootId ?? id, index++);
            }
        }
    }

    private void Flatten(TableState table, JsonElement element, string? prefix, int level)
    {
        foreach (var property in element.EnumerateObject())
        {
            var name = Name(property.Name);
            Value(table, prefix is null ? name : prefix + "__" + name, property.Value, level);
        }
    }

    private void Value(TableState table, string path, JsonElement element, int level)
    {
        var column = WarehouseNames.Fit(path);
        var container = element.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
        if (container && level < MaxNesting && !IsJson(table, column))
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                Flatten(table, element, path, level + 1);
            }
            else
            {
                (_lists ??= []).Add((path, element, level + 1));
            }
            return;
        }
        if (!_seen.Add(column))
        {
            context.Assembler.Discard($"table '{table.Name}': two fields normalize to column '{column}'");
            return;
        }
        if (element.ValueKind == JsonValueKind.String)
        {
            context.Assembler.Put(column, element.GetString(), DataType.Text, CellOrigin.DocumentString, element);
            return;
        }
        var value = ValueCoercion.Represent(element, out var type);
        context.Assembler.Put(column, value, type, CellOrigin.Typed, element);
    }

    private static bool IsJson(TableState table, string column)
    {
        var index = table.IndexOf(column);
        return index >= 0 && table.Columns[index].Type == DataType.Json;
    }

    private string Name(string property)
    {
        if (_names.TryGetValue(property, out var name))
        {
            return name;
        }
        name = WarehouseNames.SnakeCase(property);
        if (_names.Count < NameCacheLimit)
        {
            _names[property] = name;
        }
        return name;
    }
}
