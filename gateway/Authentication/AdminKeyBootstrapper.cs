using Microsoft.Extensions.Options;
using MlOps.Gateway.Model;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Gateway.Authentication;

/// <summary>
/// Makes sure an admin key exists at start: the one in MLOPS_ADMIN_KEY when set, otherwise one generated once
/// (when no admin key exists yet) and written to <see cref="GatewayOptions.AdminKeyFile"/> (mode 600), never to the log: logs are
/// exported over OTLP and read by more people than the operator. Replicas starting together take turns (an advisory lock), so
/// the key is stored once and at most one is generated.
/// </summary>
public sealed partial class AdminKeyBootstrapper(ApiKeyStore keys, Npgsql.NpgsqlDataSource db, IOptions<GatewayOptions> options,
    IHostEnvironment environment, ILogger<AdminKeyBootstrapper> logger) : IHostedService
{
    public const string AdminTenant = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Held until this replica has checked and stored; released with the connection.
        await using var turn = await db.OpenConnectionAsync(cancellationToken);
        await using (var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended('gateway-admin-key', 0))", turn))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        var configured = options.Value.AdminKey;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!await keys.ExistsAsync(configured, cancellationToken))
            {
                await keys.CreateAsync(configured, AdminTenant, "admin (MLOPS_ADMIN_KEY)", [PlatformScopes.Admin], null, cancellationToken);
                LogConfiguredKeyRegistered(logger);
            }
            return;
        }
        if (await keys.AnyActiveAdminAsync(cancellationToken))
        {
            return;
        }
        var generated = ApiKeyHasher.NewKey();
        var path = Path.GetFullPath(options.Value.AdminKeyFile, environment.ContentRootPath);
        WriteSecretFile(path, generated);
        await keys.CreateAsync(generated, AdminTenant, "admin (generated)", [PlatformScopes.Admin], null, cancellationToken);
        LogGeneratedKey(logger, path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Admin API key from MLOPS_ADMIN_KEY registered")]
    private static partial void LogConfiguredKeyRegistered(ILogger logger);

    private static void WriteSecretFile(string path, string secret)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, secret + "\n");
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Created with mode 600 by the open itself (never readable by others, not even empty), replacing an older file.
        File.Delete(path);
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        file.Write(System.Text.Encoding.UTF8.GetBytes(secret + "\n"));
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Generated the admin API key and wrote it to {Path} (mode 600)")]
    private static partial void LogGeneratedKey(ILogger logger, string path);
}
