using Microsoft.Extensions.Options;

namespace MlOps.Incident.Slos;

/// <summary>
/// Writes each tenant's generated rule file into the rules folder (atomically: a temporary file renamed over it) and asks
/// Prometheus to reload. A tenant without objectives has no file.
/// </summary>
public sealed partial class SloRulesWriter(ObjectiveStore store, PrometheusClient prometheus, IOptions<SloOptions> options, ILogger<SloRulesWriter> logger)
{
    private readonly SemaphoreSlim _writing = new(1, 1);

    public bool Enabled => options.Value.RulesDirectory is not null;

    public string FileOf(string tenant) => Path.Combine(options.Value.RulesDirectory!, $"mlops-slo-{tenant}.yml");

    /// <summary>Rewrites one tenant's file from its live objectives, then reloads Prometheus; false when the reload failed.</summary>
    public async Task<bool> PublishAsync(string tenant, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return false;
        }
        await WriteAsync(tenant, cancellationToken);
        return await ReloadAsync(cancellationToken);
    }

    /// <summary>Rewrites every tenant's file, then reloads once.</summary>
    public async Task PublishAllAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }
        foreach (var tenant in await store.TenantsAsync(cancellationToken))
        {
            await WriteAsync(tenant, cancellationToken);
        }
        await ReloadAsync(cancellationToken);
    }

    private async Task WriteAsync(string tenant, CancellationToken cancellationToken)
    {
        var objectives = await store.ObjectivesAsync(tenant, cancellationToken);
        await _writing.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(options.Value.RulesDirectory!);
            var path = FileOf(tenant);
            if (objectives.Count == 0)
            {
                File.Delete(path);
                return;
            }
            // Prometheus reads only *.yml here, so it never sees the half-written temporary file.
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, PrometheusRules.Generate(tenant, objectives, options.Value), cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        if (!prometheus.Configured)
        {
            return false;
        }
        try
        {
            await prometheus.ReloadAsync(cancellationToken);
            return true;
        }
        catch (PrometheusUnavailableException e)
        {
            // The file is written; the next sync reloads again.
            LogReloadFailed(logger, e.Message);
            return false;
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Prometheus did not reload the SLO rules: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string reason);
}
