using MlOps.Inference.Serving;

namespace MlOps.Inference.Tests;

/// <summary>The batching queue is bounded: a request beyond it is refused at once (503, retry later) instead of waiting in memory.</summary>
public sealed class BatcherBoundTests
{
    [Fact]
    public async Task RunAsync_QueueFull_Refuses503WithRetryAfter_AQueuedRequestStaysQueued()
    {
        var path = Path.Combine(Path.GetTempPath(), $"batcher-{Guid.NewGuid():N}.onnx");
        await File.WriteAllBytesAsync(path, OnnxModelBuilder.Identity(), TestContext.Current.CancellationToken);
        using var session = new ModelSession(path);
        // No workers: nothing leaves the queue, so its bound is reached deterministically.
        using var batcher = new Batcher(session, new BatchingOptions { Workers = 0, MaxQueuedRequests = 1 });
        Tensor[] inputs = [new Tensor("features", Datatype.Fp32, [1, 4], new[] { 1f, 2f, 3f, 4f })];

        var queued = batcher.RunAsync(inputs, 1);
        // Refused synchronously, before anything is queued.
        var refused = Assert.Throws<ModelUnavailableException>(void () => _ = batcher.RunAsync(inputs, 1));

        Assert.Equal(503, refused.StatusCode);
        Assert.Equal(1, refused.RetryAfterSeconds);
        Assert.Contains("queue is full", refused.Message, StringComparison.Ordinal);
        Assert.False(queued.IsCompleted);
        File.Delete(path);
    }
}
