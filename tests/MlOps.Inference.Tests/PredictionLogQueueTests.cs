using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Inference.Logging;
using MlOps.Inference.Serving;
using MlOps.Inference.Services;

namespace MlOps.Inference.Tests;

public sealed class PredictionLogQueueTests
{
    [Fact]
    public void Add_QueueFull_DropsAndCountsRowsWithoutWaiting()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        long dropped = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == InferenceMetrics.MeterName && instrument.Name == "mlops.inference.prediction_log.dropped")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();
        var log = new PredictionLog(Options.Create(new PredictionLogOptions { QueueCapacity = 2 }), new InferenceMetrics(meters));

        for (var i = 0; i < 5; i++)
        {
            log.Add(Record(rows: 3));
        }

        Assert.Equal(9, Interlocked.Read(ref dropped));
        Assert.True(log.Reader.TryRead(out var first));
        Assert.Equal(3, first.Rows);
        Assert.True(log.Reader.TryRead(out _));
        Assert.False(log.Reader.TryRead(out _));
    }

    private static PredictionRecord Record(int rows)
    {
        var spec = new TensorSpec("x", Datatype.Fp32, [-1, 1]);
        var signature = new ModelSignature { Inputs = [spec], Outputs = [spec with { Name = "y" }] };
        var tensor = new Tensor("x", Datatype.Fp32, [rows, 1], new float[rows]);
        return PredictionRecord.Capture(Guid.NewGuid(), ServedModelInfo.Of(new ModelKey("t", "m"), 1, signature), PredictionRoles.Champion,
            [tensor], [tensor with { Name = "y" }], 10);
    }
}
