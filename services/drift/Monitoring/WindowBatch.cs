using System.Text.Json;
using MlOps.Contracts;

namespace MlOps.Drift.Monitoring;

/// <summary>The columns of one logged batch as stored with its window until evaluation.</summary>
public sealed record WindowBatch(IReadOnlyDictionary<string, double?[]> Features, IReadOnlyDictionary<string, string[]> Categories, IReadOnlyList<double?> Predictions)
{
    public int Rows => Predictions.Count;

    public static WindowBatch From(PredictionsLogged logged) => new(logged.Features, logged.Categories, logged.Predictions);

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static WindowBatch Deserialize(byte[] payload) => JsonSerializer.Deserialize<WindowBatch>(payload)!;
}
