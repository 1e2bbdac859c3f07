namespace MlOps.FeatureStore.Online;

/// <summary>One view's materialization into the online store; disposing it uncompleted discards what was written.</summary>
public interface IOnlineWriter : IAsyncDisposable
{
    /// <summary>Stages one entity's latest value (its features as a JSON object).</summary>
    ValueTask WriteAsync(string entityKey, string features, DateTime eventTime, CancellationToken cancellationToken);

    /// <summary>Makes everything staged visible at once (a newer stored value wins) and returns the values written.</summary>
    Task<long> CompleteAsync(int version, DateTime? watermark, CancellationToken cancellationToken);
}
