namespace MlOps.Gateway.Authentication;

/// <summary>Claim types the API key handler issues.</summary>
public static class GatewayClaims
{
    public const string KeyId = "mlops:key_id";
    public const string Tenant = "mlops:tenant";
    public const string Scope = "mlops:scope";
}
