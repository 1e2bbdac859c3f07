namespace MlOps.Contracts;

/// <summary>A quality check on a table failed in a load; a blocking check failed the load, any other let it commit.</summary>
public sealed record DataQualityFailed : IntegrationMessage
{
    /// <summary>The pipeline that ran.</summary>
    public required string Pipeline { get; init; }
    /// <summary>The dataset loaded.</summary>
    public required string Dataset { get; init; }
    /// <summary>The table the check ran on.</summary>
    public required string Table { get; init; }
    /// <summary>The load the check ran in.</summary>
    public required Guid LoadId { get; init; }
    /// <summary>The check: not_null, unique, accepted_values, row_count or freshness.</summary>
    public required string Check { get; init; }
    /// <summary>The column checked, when the check has one.</summary>
    public string? Column { get; init; }
    /// <summary>What was found, e.g. "3 rows have a null email".</summary>
    public required string Detail { get; init; }
    /// <summary>Whether the load committed despite the failure.</summary>
    public required bool Committed { get; init; }
}
