using System.Security.Cryptography;

namespace MlOps.AppHost.Infrastructure;

/// <summary>Credentials generated on first start and kept in the data folder (mode 600), so restarts reuse them.</summary>
public sealed record LocalCredentials(string PostgresPassword, string RabbitMqPassword, string AdminKey)
{
    public static LocalCredentials LoadOrCreate(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var adminFromEnvironment = Environment.GetEnvironmentVariable("MLOPS_ADMIN_KEY");
        return new LocalCredentials(
            ReadOrCreate(Path.Combine(dataDir, "postgres-password"), NewSecret),
            ReadOrCreate(Path.Combine(dataDir, "rabbitmq-password"), NewSecret),
            string.IsNullOrWhiteSpace(adminFromEnvironment)
                ? ReadOrCreate(Path.Combine(dataDir, "admin-key"), () => "mlk_" + NewSecret())
                : adminFromEnvironment);
    }

    /// <summary>The gateway's ES256 signing key (PKCS#8 PEM), made once; delete the file to rotate (services fetch the new JWKS).</summary>
    public static string GatewaySigningKey(string dataDir) => ReadOrCreate(Path.Combine(dataDir, "identity", "gateway-signing-key.pem"), () =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    });

    /// <summary>A service's password on one server (postgres, rabbitmq), made once: accounts/&lt;service&gt;-&lt;server&gt;-password.</summary>
    public static string AccountPassword(string dataDir, string service, string server) =>
        ReadOrCreate(Path.Combine(dataDir, "accounts", $"{service}-{server}-password"), NewSecret);

    /// <summary>A named secret of the platform's identity (a service's credential, the metrics credential), made once.</summary>
    public static string IdentitySecret(string dataDir, string name) => ReadOrCreate(Path.Combine(dataDir, "identity", name), NewSecret);

    // Letters and digits only, so the secrets need no escaping in connection strings and URIs.
    private static string NewSecret() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);

    private static string ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var secret = create();
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, secret + "\n");
            return secret;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Mode 600 from the moment the file exists: no other user can open it, not even empty.
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        file.Write(System.Text.Encoding.UTF8.GetBytes(secret + "\n"));
        return secret;
    }
}
