namespace MlOps.Gateway.Tests;

/// <summary>One echo downstream and one gateway (generous limits, known admin key) shared by the tests of a class.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public string AdminKey { get; } = "test-admin-" + Guid.NewGuid().ToString("N");

    public EchoService Echo { get; private set; } = null!;

    public GatewayFactory Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Echo = await EchoService.StartAsync();
        Gateway = new GatewayFactory(Echo.Address, AdminKey);
        Gateway.CreateClient().Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Echo.DisposeAsync();
    }
}
