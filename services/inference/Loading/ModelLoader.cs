using Microsoft.Extensions.Options;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Loading;

/// <summary>
/// Fetches and verifies an artifact, opens its session, warms it up and wraps it for serving. Opening and warm-up together
/// get <see cref="InferenceOptions.WarmUpTimeout"/>: past it the version is refused (<see cref="ArtifactRefusedException"/>),
/// the run in progress is terminated and whatever is still opening is disposed once it returns.
/// </summary>
public sealed class ModelLoader(RegistryModelSource registry, IOptions<BatchingOptions> batchingOptions, IOptionsMonitor<InferenceOptions> inferenceOptions,
    TimeProvider timeProvider)
{
    private const int WarmUpRuns = 3;

    public async Task<ServedModel> LoadAsync(ModelKey key, RegistryVersion version, CancellationToken cancellationToken, bool batching = true)
    {
        var path = await registry.FetchVerifiedAsync(key.Tenant, version, cancellationToken);
        // Read per load: a configuration reload applies to the next version loaded.
        var timeout = inferenceOptions.CurrentValue.WarmUpTimeout;
        // Disposed by the warm-up task, which may outlive this call when the deadline passes.
        var deadline = new CancellationTokenSource(timeout, timeProvider);
        var deadlineToken = deadline.Token;
        var warming = Task.Run(() => OpenAndWarmUp(path, deadline, timeout), CancellationToken.None);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineToken);
        ModelSession session;
        try
        {
            session = await warming.WaitAsync(stop.Token);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException or InferenceInputException && deadlineToken.IsCancellationRequested))
        {
            Abandon(warming);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ArtifactRefusedException($"opening and warming up version {version.Version} took longer than {timeout} (MlOps:Inference:WarmUpTimeout)");
        }
        catch (OperationCanceledException)
        {
            Abandon(warming);
            throw;
        }
        return new ServedModel(key, version.Version, version.ArtifactDigest, session, batching ? batchingOptions.Value : new BatchingOptions { Enabled = false })
        {
            FeatureService = version.Lineage?.FeatureService,
        };
    }

    /// <summary>Opens the session and runs the warm-up; throws <see cref="TimeoutException"/> when that took longer than the timeout.</summary>
    private ModelSession OpenAndWarmUp(string path, CancellationTokenSource deadline, TimeSpan timeout)
    {
        var started = timeProvider.GetTimestamp();
        ModelSession? session = null;
        try
        {
            session = new ModelSession(path);
            var example = WarmUpInputs(session.Signature);
            for (var i = 0; i < WarmUpRuns && !deadline.IsCancellationRequested; i++)
            {
                session.Run(example, deadline.Token);
            }
            // Measured as well as signalled: the deadline's timer may not have fired yet when the time is already up.
            if (deadline.IsCancellationRequested || timeProvider.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException();
            }
            return session;
        }
        catch
        {
            session?.Dispose();
            throw;
        }
        finally
        {
            deadline.Dispose();
        }
    }

    // A warm-up nobody waits for any more: its session is disposed when it finishes, its failure observed.
    private static void Abandon(Task<ModelSession> warming) =>
        _ = warming.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                t.Result.Dispose();
            }
            _ = t.Exception;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    // One row of zeros (empty strings, false): enough to page the weights in and build the kernels' caches.
    private static Tensor[] WarmUpInputs(ModelSignature signature) =>
        [.. signature.Inputs.Select(spec =>
        {
            var shape = spec.Shape.Select(d => d < 0 ? 1L : d).ToArray();
            var data = spec.Datatype.Allocate((int)Tensor.ElementCount(shape));
            if (data is string[] strings)
            {
                Array.Fill(strings, "");
            }
            return new Tensor(spec.Name, spec.Datatype, shape, data);
        })];
}
