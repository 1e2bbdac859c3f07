using System.ComponentModel.DataAnnotations;
using MlOps.Contracts;

namespace MlOps.Trainer.Model;

/// <summary>Warehouse data to train on, in the caller's tenant: a table ingest loaded, one load or "latest", the label and features.</summary>
public sealed record TrainingDataRequest(
    [Required, StringLength(128, MinimumLength = 1)] string Dataset,
    [Required, StringLength(63, MinimumLength = 1)] string Table,
    [StringLength(64, MinimumLength = 1)] string? Load,
    [Required, StringLength(63, MinimumLength = 1)] string LabelColumn,
    [MaxLength(1000)] IReadOnlyList<string>? FeatureColumns)
{
    /// <summary>The reference in the caller's tenant: the tenant never comes from the body.</summary>
    public TrainingDataRef ToRef(string tenant) => new()
    {
        TenantId = tenant, Dataset = Dataset, Table = Table, Load = Load ?? TrainingDataRef.Latest, LabelColumn = LabelColumn,
        FeatureColumns = FeatureColumns ?? [],
    };
}
