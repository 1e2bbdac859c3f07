using Microsoft.ML.OnnxRuntime;

namespace MlOps.Inference.Serving;

/// <summary>One ONNX Runtime session for one model version, tuned for many small concurrent runs, and its signature.</summary>
public sealed class ModelSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public ModelSession(string onnxPath, int intraOpThreads = 1)
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // Requests run in parallel on their own threads; a per-run thread pool would only add hand-offs on small models.
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(onnxPath, options);
        Signature = ModelSignature.From(_session);
        _inputNames = [.. Signature.Inputs.Select(i => i.Name)];
        _outputNames = [.. Signature.Outputs.Select(o => o.Name)];
    }

    public ModelSignature Signature { get; }

    /// <summary>Runs inputs given in model order and returns every output, in model order.</summary>
    public Tensor[] Run(Tensor[] inputs) => Run(inputs, _runOptions);

    /// <summary>A run that ONNX Runtime abandons (throwing) once <paramref name="cancellationToken"/> is cancelled.</summary>
    public Tensor[] Run(Tensor[] inputs, CancellationToken cancellationToken)
    {
        using var runOptions = new RunOptions();
        using var terminate = cancellationToken.Register(() => runOptions.Terminate = true);
        return Run(inputs, runOptions);
    }

    private Tensor[] Run(Tensor[] inputs, RunOptions runOptions)
    {
        var values = new OrtValue[inputs.Length];
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                values[i] = OrtTensors.ToOrtValue(inputs[i]);
            }
            using var results = _session.Run(runOptions, _inputNames, values, _outputNames);
            var outputs = new Tensor[_outputNames.Length];
            var index = 0;
            foreach (var result in results)
            {
                outputs[index] = OrtTensors.FromOrtValue(Signature.Outputs[index], result);
                index++;
            }
            return outputs;
        }
        catch (OnnxRuntimeException e)
        {
            // What the shape checks cannot see (a value the graph rejects) is still the caller's input.
            throw new InferenceInputException($"the model rejected the inputs: {e.Message}");
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
