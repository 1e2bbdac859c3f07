namespace MlOps.Inference.Serving;

/// <summary>How the challenger compares with the champion on mirrored traffic, since this replica started.</summary>
public sealed class ShadowStats
{
    private long _compared;
    private long _agreed;
    private long _failed;
    private double _differenceSum;
    private readonly Lock _lock = new();

    public void Record(bool agreed, double difference)
    {
        lock (_lock)
        {
            _compared++;
            _agreed += agreed ? 1 : 0;
            _differenceSum += difference;
        }
    }

    public void Failed() => Interlocked.Increment(ref _failed);

    public ShadowSummary Snapshot()
    {
        lock (_lock)
        {
            return new ShadowSummary(_compared, _compared == 0 ? null : (double)_agreed / _compared, _compared == 0 ? null : _differenceSum / _compared, Interlocked.Read(ref _failed));
        }
    }
}
