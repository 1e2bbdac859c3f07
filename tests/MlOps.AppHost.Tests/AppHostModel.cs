using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace MlOps.AppHost.Tests;

/// <summary>The AppHost's resources as its code declares them, built but never started (no server, no container runtime needed).</summary>
public sealed class AppHostModel : IAsyncDisposable
{
    private readonly IDistributedApplicationTestingBuilder _builder;
    private readonly string _dataDir;

    private AppHostModel(IDistributedApplicationTestingBuilder builder, string dataDir) => (_builder, _dataDir) = (builder, dataDir);

    public static readonly string[] Services =
        ["gateway", "ingest", "registry", "feature-store", "trainer", "inference", "drift", "dev-llm-provider", "guardrail-gateway", "agentops-tracer", "incident"];

    public string DataDir => _dataDir;

    /// <summary>Builds the model with the given settings on a data folder of its own (the AppHost writes credentials there).</summary>
    public static async Task<AppHostModel> BuildAsync(params string[] settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "mlops-apphost-model-" + Guid.NewGuid().ToString("N")[..8]);
        var args = settings.Select(s => "--" + s).Append($"--MlOps:Infrastructure:DataDir={dataDir}").ToArray();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MlOps_AppHost>(args, TestContext.Current.CancellationToken);
        return new AppHostModel(builder, dataDir);
    }

    public IResource Resource(string name) => _builder.Resources.Single(r => r.Name == name);

    /// <summary>The resource's environment as a publisher would write it: values that refer to other resources as their expressions.</summary>
    public async Task<IReadOnlyDictionary<string, string>> EnvironmentAsync(string name)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), Resource(name), [], TestContext.Current.CancellationToken);
        foreach (var callback in Resource(name).Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return context.EnvironmentVariables.ToDictionary(pair => pair.Key, pair => pair.Value switch
        {
            string text => text,
            IManifestExpressionProvider expression => expression.ValueExpression,
            var other => other.ToString() ?? "",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _builder.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }
}
