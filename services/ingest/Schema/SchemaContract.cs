namespace MlOps.Ingest.Schema;

/// <summary>dlt's `schema_contract`: a mode for new tables, new columns and values of a different type.</summary>
public sealed record SchemaContract(ContractMode Tables, ContractMode Columns, ContractMode DataType)
{
    public static SchemaContract Evolve { get; } = new(ContractMode.Evolve, ContractMode.Evolve, ContractMode.Evolve);
}
