namespace MlOps.Ingest.Lake;

internal static partial class LakeLog
{
    [LoggerMessage(EventId = 4121, Level = LogLevel.Information, 
        Message = "Load {LoadId} committed into the lake at {Folder}: {Rows} rows")]
    public static partial void LoadCommitted(ILogger logger, Guid loadId, string folder, long rows);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Warning, 
        Message = "Load {LoadId} into the lake at {Folder} rolled back: {Files} files deleted")]
    public static partial void LoadRolledBack(ILogger logger, Guid loadId, string folder, int files);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Information, 
        Message = "Load {LoadId} into the lake at {Folder} was already committed")]
    public static partial void LoadAlreadyCommitted(ILogger logger, Guid loadId, string folder);

    [LoggerMessage(EventId = 4124, Level = LogLevel.Warning,
        Message = "Deleted {Files} files of uncommitted loads from the lake at {Folder}")]
    public static partial void OrphansDeleted(ILogger logger, int files, string folder);
}
