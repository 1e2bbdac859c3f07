using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Gateway.Identity;

/// <summary>Builds the signing keys from configuration; a gateway started without any signs with a key of its own run.</summary>
public static partial class GatewaySigningKeys
{
    public static PlatformSigningKeys Create(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<GatewayIdentityOptions>>().Value.SigningKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (configured.Count > 0)
        {
            return PlatformSigningKeys.FromPem(configured);
        }
        LogEphemeralKey(services.GetRequiredService<ILogger<PlatformSigningKeys>>());
        return PlatformSigningKeys.FromPem([PlatformSigningKeys.NewPem()]);
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning,
        Message = "No MlOps:Gateway:Identity:SigningKeys configured: signing with a key made for this run; services must fetch /.well-known/jwks.json")]
    private static partial void LogEphemeralKey(ILogger logger);
}
