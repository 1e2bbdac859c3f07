using System.Text.Json;
using MlOps.Contracts;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Normalize;

/// <summary>Where a value comes from, which decides how a string in it is read.</summary>
internal enum CellOrigin
{
    /// <summary>Already in the representation (a typed tabular value, a JSON number or bool).</summary>
    Typed,
    /// <summary>CSV text: "42", "true", "2024-05-01" are inferred; "" is null.</summary>
    CsvText,
    /// <summary>A JSON string: only timestamps and dates are inferred.</summary>
    DocumentString,
}

/// <summary>
/// Fits one row's values into a table: coerces them to the column types, and decides per the schema contract on a new
/// table, a new column or a variant column. The schema changes a row needs are applied only if the row is kept.
/// </summary>
internal sealed class RowAssembler(SchemaContract contract)
{
    private readonly List<(ColumnSchema Column, object? Value)> _pending = [];
    private readonly List<(string Column, string Reason, string Raw)> _discardedValues = [];
    private TableState _table = null!;

    public object?[] Row { get; private set; } = [];

    /// <summary>Why the row is discarded (a contract's discard_row, a null in a not-null column), or null.</summary>
    public string? DiscardReason { get; private set; }

    /// <summary>Values the contract's discard_value left out of a kept row.</summary>
    public IReadOnlyList<(string Column, string Reason, string Raw)> DiscardedValues => _discardedValues;

    public void Begin(TableState table)
    {
        _table = table;
        Row = new object?[table.Columns.Count];
        DiscardReason = null;
        _pending.Clear();
        _discardedValues.Clear();
        if (!table.Exists && contract.Tables != ContractMode.Evolve)
        {
            Violation(contract.Tables, "tables", $"new table '{table.Name}'", null, "");
        }
    }

    public void Put(string column, object? value, DataType type, CellOrigin origin, JsonElement source = default)
    {
        if (value is null || DiscardReason is not null)
        {
            return;
        }
        var index = _table.IndexOf(column);
        var pending = index < 0 ? _pending.FindIndex(p => p.Column.Name == column) : -1;
        var target = index >= 0 ? _table.Columns[index] : pending >= 0 ? _pending[pending].Column : null;
        if (target is not null && TryFit(ref value, ref type, ref origin, target.Type, out var fitted))
        {
            Set(index, pending, fitted);
            return;
        }
        if (target is null)
        {
            value = Infer(value, ref type, origin);
            var hint = _table.Hints.GetValueOrDefault(column);
            var primaryKey = _table.PrimaryKey.Contains(column);
            var created = new ColumnSchema
            {
                Name = column,
                Type = type,
                Nullable = hint?.Nullable ?? !primaryKey,
                PrimaryKey = primaryKey,
                HardDelete = hint?.HardDelete ?? false,
                Precision = hint?.Precision,
                Scale = hint?.Scale,
            };
            var mode = _table.ColumnsRelaxed ? ContractMode.Evolve : contract.Columns;
            Change(mode, "columns", $"table '{_table.Name}': new column '{column}' of type {DataTypeNames.Name(type)}", created, value, source);
            return;
        }
        var variant = WarehouseNames.Fit(column + "__v_" + DataTypeNames.Name(type));
        var variantIndex = _table.IndexOf(variant);
        var variantPending = variantIndex < 0 ? _pending.FindIndex(p => p.Column.Name == variant) : -1;
        if (variantIndex >= 0 || variantPending >= 0)
        {
            Set(variantIndex, variantPending, value);
            return;
        }
        var change = $"table '{_table.Name}': variant column '{variant}' (column '{column}' is {DataTypeNames.Name(target.Type)}, "
            + $"the value is {DataTypeNames.Name(type)})";
        Change(contract.DataType, "data_type", change, new ColumnSchema { Name = variant, Type = type, VariantOf = column }, value, source);
    }

    public void Discard(string reason) => DiscardReason ??= reason;

    /// <summary>Checks not-null columns, then applies the row's schema changes; false when the row is discarded.</summary>
    public bool Commit()
    {
        if (DiscardReason is not null)
        {
            return false;
        }
        foreach (var required in _table.Required)
        {
            var index = _table.IndexOf(required);
            if ((index < 0 || index >= Row.Length || Row[index] is null) && !_pending.Exists(p => p.Column.Name == required))
            {
                DiscardReason = $"table '{_table.Name}': column '{required}' is not nullable and got no value";
                return false;
            }
        }
        var indexes = _pending.Count == 0 ? [] : new int[_pending.Count];
        for (var i = 0; i < _pending.Count; i++)
        {
            indexes[i] = _table.Add(_pending[i].Column);
        }
        if (!_table.Exists)
        {
            _table.Create();
        }
        if (Row.Length < _table.Columns.Count)
        {
            var row = Row;
            Array.Resize(ref row, _table.Columns.Count);
            Row = row;
        }
        for (var i = 0; i < _pending.Count; i++)
        {
            Row[indexes[i]] = _pending[i].Value;
        }
        _table.Rows.Add(Row);
        return true;
    }

    /// <summary>A value into a column of type <paramref name="to"/>; on failure the value and type are what it reads as.</summary>
    private static bool TryFit(ref object value, ref DataType type, ref CellOrigin origin, DataType to, out object? fitted)
    {
        if (origin != CellOrigin.Typed)
        {
            var text = (string)value;
            if (to == DataType.Json && origin == CellOrigin.DocumentString)
            {
                fitted = JsonText.Quote(text);
                return true;
            }
            if (TextValues.TryParse(text, to, out fitted))
            {
                return true;
            }
            value = Infer(value, ref type, origin);
            origin = CellOrigin.Typed;
            if (type == DataType.Text)
            {
                return false;
            }
        }
        return ValueCoercion.TryCoerce(value, type, to, out fitted);
    }

    private static object Infer(object value, ref DataType type, CellOrigin origin) => origin switch
    {
        CellOrigin.CsvText => TextValues.Infer((string)value, out type),
        CellOrigin.DocumentString => TextValues.InferDocumentString((string)value, out type),
        _ => value,
    };

    private void Set(int index, int pending, object? value)
    {
        if (index >= 0)
        {
            Row[index] = value;
        }
        else
        {
            _pending[pending] = (_pending[pending].Column, value);
        }
    }

    private void Change(ContractMode mode, string entity, string change, ColumnSchema column, object? value, JsonElement source)
    {
        if (mode == ContractMode.Evolve)
        {
            _pending.Add((column, value));
            return;
        }
        var raw = source.ValueKind != JsonValueKind.Undefined ? source.GetRawText() : JsonText.Value(value);
        Violation(mode, entity, change, column.VariantOf ?? column.Name, raw);
    }

    private void Violation(ContractMode mode, string entity, string change, string? column, string raw)
    {
        var reason = $"{change} is not allowed by the schema contract ({entity}: {ModeName(mode)})";
        switch (mode)
        {
            case ContractMode.Freeze:
                throw new LoadFailedException(reason);
            case ContractMode.DiscardValue when column is not null:
                _discardedValues.Add((column, reason, raw));
                break;
            default:
                DiscardReason ??= reason;
                break;
        }
    }

    private static string ModeName(ContractMode mode) => mode switch
    {
        ContractMode.Freeze => "freeze",
        ContractMode.DiscardRow => "discard_row",
        ContractMode.DiscardValue => "discard_value",
        _ => "evolve",
    };
}
