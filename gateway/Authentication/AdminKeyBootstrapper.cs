using Microsoft.Extensions.Options;
using MlOps.Gateway.Model;

namespace MlOps.Gateway.Authentication;

/// <summary>
/// Makes sure an admin key exists at start: the one in MLOPS_ADMIN_KEY when set, otherwise one generated once
/// (when no admin key exists yet) and printed to the log, the only place it ever appears.
/// </summary>
public sealed partial class AdminKeyBootstrapper(ApiKeyStore keys, IOptions<GatewayOptions> options, ILogger<AdminKeyBootstrapper> logger) : IHostedService
{
    public const string AdminTenant = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.AdminKey;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!await keys.ExistsAsync(configured, cancellationToken))
            {
                await keys.CreateAsync(configured, AdminTenant, "admin (MLOPS_ADMIN_KEY)", [ApiKeyScopes.Admin], null, cancellationToken);
                LogConfiguredKeyRegistered(logger);
            }
            return;
        }
        if (await keys.AnyActiveAdminAsync(cancellationToken))
        {
            return;
        }
        var generated = ApiKeyHasher.NewKey();
        await keys.CreateAsync(generated, AdminTenant, "admin (generated)", [ApiKeyScopes.Admin], null, cancellationToken);
        LogGeneratedKey(logger, generated);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Admin API key from MLOPS_ADMIN_KEY registered")]
    private static partial void LogConfiguredKeyRegistered(ILogger logger);

    // Shown once on purpose: the operator has no other way to learn a generated key.
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Generated the admin API key (shown only now, store it safely): {AdminKey}")]
    private static partial void LogGeneratedKey(ILogger logger, string adminKey);
}
