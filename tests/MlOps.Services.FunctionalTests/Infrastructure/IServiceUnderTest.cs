namespace MlOps.Services.FunctionalTests.Infrastructure;

/// <summary>What the shared tests need of any service host.</summary>
public interface IServiceUnderTest : IAsyncDisposable
{
    string ConnectionString { get; }

    HttpClient CreateClient();
}
