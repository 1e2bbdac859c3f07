using System.Text.Json;

namespace MlOps.Drift.Monitoring;

/// <summary>Row-aligned scores and true labels of one feedback message, stored with its performance window.</summary>
public sealed record LabelBatch(IReadOnlyList<double> Scores, IReadOnlyList<double> Labels)
{
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static LabelBatch Deserialize(byte[] payload) => JsonSerializer.Deserialize<LabelBatch>(payload)!;
}
