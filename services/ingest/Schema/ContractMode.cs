namespace MlOps.Ingest.Schema;

/// <summary>dlt's schema contract modes.</summary>
public enum ContractMode
{
    /// <summary>The schema changes to fit the data.</summary>
    Evolve,
    /// <summary>A load that would change the schema fails, naming the change.</summary>
    Freeze,
    /// <summary>A row that would change the schema is quarantined; the rest load.</summary>
    DiscardRow,
    /// <summary>The value that would change the schema is quarantined and left out of its row.</summary>
    DiscardValue,
}
