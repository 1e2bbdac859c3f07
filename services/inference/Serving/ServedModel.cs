using MlOps.Inference.Logging;

namespace MlOps.Inference.Serving;

/// <summary>
/// A loaded, verified, warmed model version. Requests hold a lease while they use it; a retired version (swapped out)
/// takes no new leases and is disposed when the last in-flight request returns its lease.
/// </summary>
public sealed class ServedModel
{
    private readonly ModelSession _session;
    private readonly Batcher? _batcher;
    private readonly int _maxBatchRows;
    private int _leases;
    private int _retired;
    private int _disposed;

    public ServedModel(ModelKey key, int version, string digest, ModelSession session, BatchingOptions batching)
    {
        Key = key;
        Version = version;
        Digest = digest;
        _session = session;
        Info = ServedModelInfo.Of(key, version, session.Signature);
        if (batching.Enabled && session.Signature.Batchable)
        {
            _batcher = new Batcher(session, batching);
            _maxBatchRows = batching.MaxBatchSize;
        }
    }

    public ModelKey Key { get; }
    public int Version { get; }
    public string Digest { get; }
    public ModelSignature Signature => _session.Signature;

    /// <summary>The feature-store service the version was trained with (its registry lineage): where entity-keyed requests are filled from.</summary>
    public string? FeatureService { get; init; }
    public bool Batched => _batcher is not null;

    public BatchStats? BatchStats => _batcher?.Stats;

    /// <summary>What the prediction log needs to know about this version, computed once.</summary>
    public ServedModelInfo Info { get; }

    public bool TryAcquire()
    {
        Interlocked.Increment(ref _leases);
        if (Volatile.Read(ref _retired) == 0)
        {
            return true;
        }
        Release();
        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0 && Volatile.Read(ref _retired) == 1)
        {
            DisposeOnce();
        }
    }

    /// <summary>No new requests; disposed once the in-flight ones finish.</summary>
    public void Retire()
    {
        Interlocked.Exchange(ref _retired, 1);
        if (Volatile.Read(ref _leases) == 0)
        {
            DisposeOnce();
        }
    }

    /// <summary>Runs bound inputs (model order); small requests go through the batcher when batching is on.</summary>
    public Task<Tensor[]> RunAsync(Tensor[] inputs)
    {
        var rows = inputs[0].Rows;
        return _batcher is not null && rows <= _maxBatchRows ? _batcher.RunAsync(inputs, rows) : Task.FromResult(_session.Run(inputs));
    }

    /// <summary>Runs on the calling thread, bypassing the batcher (batch jobs bring their own batches).</summary>
    public Tensor[] Run(Tensor[] inputs) => _session.Run(inputs);

    private void DisposeOnce()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Off the releasing request's thread: draining the batcher joins its workers.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                _batcher?.Dispose();
                _session.Dispose();
            });
        }
    }
}
