using System.ComponentModel.DataAnnotations;

namespace MlOps.Trainer.Services;

/// <summary>How much warehouse data one run may read: training holds every row in memory.</summary>
public sealed class WarehouseOptions
{
    public const string SectionName = "MlOps:Trainer:Warehouse";

    /// <summary>The connection string name; the AppHost gives it a read-only role.</summary>
    public const string ConnectionName = "warehouse";

    [Range(1, 50_000_000)]
    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>Fewer rows leave the holdout too small to score the model.</summary>
    [Range(2, 1_000_000)]
    public int MinRows { get; set; } = 50;
}
