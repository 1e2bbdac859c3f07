namespace MlOps.Ingest.Schema;

/// <summary>The warehouse column types ingest infers or takes from hints (dlt's names in <see cref="DataTypeNames"/>).</summary>
public enum DataType
{
    Bool,
    BigInt,
    Double,
    Decimal,
    Text,
    Timestamp,
    Date,
    Json,
}
