using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlOps.Trainer.Training;

/// <summary>
/// Scores rows of a dataset with an ONNX model through ONNX Runtime, as inference serves it: each input a column of the data
/// by name ([rows, 1], float or string), the output whose name starts with "Probability".
/// </summary>
public static class OnnxScorer
{
    public static float[] Probabilities(byte[] onnx, TabularData data, IReadOnlyList<int> rows)
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(onnx, options);
        var output = session.OutputMetadata.Keys.FirstOrDefault(n => n.StartsWith("Probability", StringComparison.OrdinalIgnoreCase))
            ?? throw new ModelNotComparableException("the model has no Probability output");
        var names = new List<string>();
        var values = new List<OrtValue>();
        try
        {
            foreach (var (name, input) in session.InputMetadata)
            {
                names.Add(name);
                values.Add(Column(name, input, data, rows));
            }
            using var results = session.Run(new RunOptions(), names, values, [output]);
            var probabilities = results[0].GetTensorDataAsSpan<float>().ToArray();
            // One probability per row ([rows, 1]) or a pair per row ([rows, 2], the positive class second).
            return probabilities.Length == rows.Count ? probabilities
                : probabilities.Length == 2 * rows.Count ? [.. Enumerable.Range(0, rows.Count).Select(i => probabilities[2 * i + 1])]
                : throw new ModelNotComparableException($"the model gave {probabilities.Length} probabilities for {rows.Count} rows");
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelNotComparableException($"the model rejected the rows: {e.Message}");
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    private static OrtValue Column(string name, NodeMetadata input, TabularData data, IReadOnlyList<int> rows)
    {
        long[] shape = [rows.Count, 1];
        if (input.ElementDataType == TensorElementType.Float && data.Numeric.TryGetValue(name, out var numbers))
        {
            return OrtValue.CreateTensorValueFromMemory(rows.Select(r => numbers[r]).ToArray(), shape);
        }
        if (input.ElementDataType == TensorElementType.String && data.Categorical.TryGetValue(name, out var texts))
        {
            return OrtValue.CreateFromStringTensor(new DenseTensor<string>(rows.Select(r => texts[r]).ToArray(), [rows.Count, 1]));
        }
        throw new ModelNotComparableException($"the model's input '{name}' ({input.ElementDataType}) has no column of that type in the data");
    }
}
