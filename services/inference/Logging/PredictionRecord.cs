using MlOps.Inference.Serving;

namespace MlOps.Inference.Logging;

/// <summary>
/// One answered request as the log keeps it: its values copied into three flat arrays (row-major, in the version's
/// <see cref="LoggedSchema"/> order), so a queued record keeps a handful of objects alive rather than the whole request.
/// </summary>
public sealed record PredictionRecord(Guid RequestId, ServedModelInfo Model, string Role, int Rows, double[] Numeric, string[] Categorical,
    double[] Outputs, int LatencyMicros, DateTime At)
{
    public static PredictionRecord Capture(Guid requestId, ServedModelInfo model, string role, Tensor[] inputs, Tensor[] outputs, int latencyMicros)
    {
        var schema = model.Schema;
        var rows = inputs[0].Rows;
        var numeric = new double[rows * schema.NumericInputs.Length];
        var categorical = new string[rows * schema.CategoricalInputs.Length];
        var scores = new double[rows * schema.Outputs.Length];
        for (var row = 0; row < rows; row++)
        {
            for (var i = 0; i < schema.NumericInputs.Length; i++)
            {
                var tensor = inputs[schema.NumericInputs[i]];
                numeric[row * schema.NumericInputs.Length + i] = TensorJson.AsDouble(tensor.Data, row * tensor.RowSize);
            }
            for (var i = 0; i < schema.CategoricalInputs.Length; i++)
            {
                categorical[row * schema.CategoricalInputs.Length + i] = ((string[])inputs[schema.CategoricalInputs[i]].Data)[row];
            }
            for (var i = 0; i < schema.Outputs.Length; i++)
            {
                var tensor = outputs[schema.Outputs[i]];
                scores[row * schema.Outputs.Length + i] = TensorJson.AsDouble(tensor.Data, row * tensor.RowSize);
            }
        }
        return new PredictionRecord(requestId, model, role, rows, numeric, categorical, scores, latencyMicros, DateTime.UtcNow);
    }

    /// <summary>The row's score: its value of the version's score output, NaN when it has none.</summary>
    public double Score(int row) => Model.ScoreColumn < 0 ? double.NaN : Outputs[row * Model.Schema.Outputs.Length + Model.ScoreColumn];
}
