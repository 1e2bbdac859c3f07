namespace MlOps.Ingest.Warehouse;

internal static partial class WarehouseLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Load {LoadId} committed into {Schema}: {Rows} rows")]
    public static partial void LoadCommitted(ILogger logger, Guid loadId, string schema, long rows);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Load {LoadId} into {Schema} rolled back")]
    public static partial void LoadRolledBack(ILogger logger, Guid loadId, string schema);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Load {LoadId} into {Schema} was already committed")]
    public static partial void LoadAlreadyCommitted(ILogger logger, Guid loadId, string schema);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Debug, Message = "Load {LoadId} merged {Rows} staged rows into {Schema}.{Table} before its commit")]
    public static partial void ChunkMerged(ILogger logger, Guid loadId, string schema, string table, long rows);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning,
        Message = "The warehouse has no per-tenant roles (warehouse-access.sql was not run on it): readers cannot read the new schema {Schema}")]
    public static partial void NoTenantRoles(ILogger logger, string schema);
}
