using System.Net;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using MlOps.AgentOpsTracer.Intake;

namespace MlOps.AgentOpsTracer.Tests;

public sealed class OverloadTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    [Fact]
    public async Task Export_WriteQueueFull_503WithRetryAfterThenAccepted()
    {
        var client = fixture.Client("busy");
        var body = Otlp.Request("svc", Otlp.Span("work", Otlp.Id(16, 1), Otlp.Id(8, 1))).ToByteArray();
        var gate = fixture.Factory.Services.GetRequiredService<WriteGate>();

        // The fixture allows one writer and no queue: holding the one slot fills the intake.
        var held = await gate.TryEnterAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(held);
        var refused = await client.PostAsync("/v1/traces", TracerFixture.Body(body, "application/x-protobuf"), TestContext.Current.CancellationToken);
        held.Dispose();
        var accepted = await client.PostAsync("/v1/traces", TracerFixture.Body(body, "application/x-protobuf"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("2", refused.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Single(await fixture.SpansAsync("busy"));
    }
}
