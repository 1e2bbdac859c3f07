using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Warehouse;

/// <summary>
/// The primary keys a merge root staged in this load, as PostgreSQL will compare them, so the merge can skip looking for
/// repeated keys in SQL (a GROUP BY of every staged row). Gives up (<see cref="MayRepeat"/>) past <see cref="MaxKeys"/>, on
/// a null key, or for key types whose .NET equality is not PostgreSQL's (timestamps round to microseconds, json).
/// </summary>
internal sealed class StagedKeys
{
    /// <summary>Some tens of MB of keys held; past this the SQL look is cheaper than the memory.</summary>
    public const int MaxKeys = 1_000_000;

    private readonly HashSet<object> _seen = [];
    private string[]? _names;

    private bool _gaveUp;

    /// <summary>Whether a key may have been staged twice, the merge keying on <paramref name="keys"/>.</summary>
    public bool MayRepeat(IReadOnlyList<string> keys) => _gaveUp || (_names is not null && !_names.SequenceEqual(keys));

    public void Add(TableRows rows)
    {
        if (_gaveUp)
        {
            return;
        }
        var columns = rows.Table.Columns;
        var keys = Enumerable.Range(0, columns.Count).Where(i => columns[i].PrimaryKey).ToArray();
        var names = keys.Select(i => columns[i].Name).ToArray();
        _names ??= names;
        // Timestamps, JSON and decimals with a declared precision or scale are compared by PostgreSQL after its own rounding.
        if (keys.Length == 0 || !names.SequenceEqual(_names) || keys.Any(i => columns[i].Type is DataType.Timestamp or DataType.Json
            || (columns[i].Type == DataType.Decimal && (columns[i].Precision is not null || columns[i].Scale is not null))))
        {
            GiveUp();
            return;
        }
        foreach (var row in rows.Rows)
        {
            var key = keys.Length == 1 ? Canonical(columns[keys[0]].Type, row, keys[0]) : Composite(columns, row, keys);
            if (key is null || _seen.Count >= MaxKeys || !_seen.Add(key))
            {
                GiveUp();
                return;
            }
        }
    }

    private void GiveUp()
    {
        _gaveUp = true;
        _seen.Clear();
        _seen.TrimExcess();
    }

    private static CompositeKey? Composite(IReadOnlyList<ColumnSchema> columns, object?[] row, int[] keys)
    {
        var values = new object[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (Canonical(columns[keys[i]].Type, row, keys[i]) is not { } value)
            {
                return null;
            }
            values[i] = value;
        }
        return new CompositeKey(values);
    }

    /// <summary>The value as the binary COPY writes it, so equal here means equal there.</summary>
    private static object? Canonical(DataType type, object?[] row, int index) =>
        (index < row.Length ? row[index] : null) is { } value ? BinaryRowCopier.AsWritten(type, value) : null;

    private sealed class CompositeKey(object[] values)
    {
        private readonly object[] _values = values;

        public override bool Equals(object? obj) => obj is CompositeKey other && _values.SequenceEqual(other._values);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var value in _values)
            {
                hash.Add(value);
            }
            return hash.ToHashCode();
        }
    }
}
