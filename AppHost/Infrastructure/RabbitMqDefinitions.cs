using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MlOps.AppHost.Infrastructure;

/// <summary>
/// RabbitMQ definitions (users, the virtual host, permissions) that the broker imports on every boot, before it accepts
/// connections: the administrator and one user per service, passwords stored only as salted SHA-256 hashes.
/// </summary>
public static class RabbitMqDefinitions
{
    public const string VirtualHost = "/";

    // Importing definitions at boot skips the default user, so the administrator is declared here too.
    public static string Build(string adminUser, string adminPassword, IEnumerable<ServiceAccount> accounts)
    {
        var users = new List<(string Name, string Password, string[] Tags)> { (adminUser, adminPassword, ["administrator"]) };
        users.AddRange(accounts.Select(a => (a.RabbitMqUser, a.RabbitMqPassword, Array.Empty<string>())));
        var definitions = new
        {
            users = users.Select(u => new
            {
                name = u.Name,
                password_hash = HashPassword(u.Password),
                hashing_algorithm = "rabbit_password_hashing_sha256",
                tags = u.Tags,
            }),
            vhosts = new[] { new { name = VirtualHost } },
            // Events fan out through exchanges named by message type, which every service declares, publishes to and binds
            // from; users are separate so that each credential is revocable alone, and each has the whole platform vhost.
            permissions = users.Select(u => new { user = u.Name, vhost = VirtualHost, configure = ".*", write = ".*", read = ".*" }),
        };
        return JsonSerializer.Serialize(definitions);
    }

    /// <summary>RabbitMQ's rabbit_password_hashing_sha256: base64(salt ‖ SHA-256(salt ‖ UTF-8 password)), a 4-byte salt.</summary>
    public static string HashPassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)]);
        return Convert.ToBase64String([.. salt, .. hash]);
    }
}
