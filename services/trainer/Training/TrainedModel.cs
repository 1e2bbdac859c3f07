using System.Text.Json.Nodes;

namespace MlOps.Trainer.Training;

/// <summary>What a training run produces: the ONNX bytes, holdout metrics, the parameters used and the reference profile.</summary>
public sealed record TrainedModel(byte[] Onnx, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> Params, JsonObject Profile, JsonObject InputExample)
{
    /// <summary>The numbers of the rows held out of training (positions in the dataset trained on).</summary>
    public IReadOnlyList<int> HoldoutRows { get; init; } = [];
}
