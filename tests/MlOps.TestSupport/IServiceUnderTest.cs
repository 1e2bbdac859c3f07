namespace MlOps.TestSupport;

/// <summary>What the shared tests need of any service host.</summary>
public interface IServiceUnderTest : IAsyncDisposable
{
    string ConnectionString { get; }

    /// <summary>The service's assembly, whose embedded migrations the database should have.</summary>
    System.Reflection.Assembly Assembly { get; }

    HttpClient CreateClient();

    /// <summary>The running service's container, for what tests drive directly (a retention sweep).</summary>
    IServiceProvider Services { get; }
}
