using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Deploy.Tests;

/// <summary>
/// The configuration keys (as environment variables) a service needs outside the AppHost, read from its code: the connection
/// names it registers, the platform identity when it serves an API, the peers its options default to (resolved by service
/// discovery), and for the gateway its signing key and every service's credential. Not read from the manifests.
/// </summary>
public static partial class ServiceRequirements
{
    public static IReadOnlySet<string> For(PlatformService service)
    {
        var code = SourceOf(service);
        var required = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match database in ServiceDatabase().Matches(code))
        {
            required.Add(ConnectionString(database.Groups[1].Value));
        }
        if (code.Contains(".AddMessaging(", StringComparison.Ordinal))
        {
            required.Add(ConnectionString(Extensions.MessagingConnectionName));
        }
        foreach (Match keyed in KeyedDataSource().Matches(code))
        {
            required.Add(ConnectionString(Constant(code, keyed.Groups["type"].Value, keyed.Groups["name"].Value)));
        }
        if (code.Contains(".AddApiDefaults(", StringComparison.Ordinal))
        {
            foreach (var property in new[] { nameof(IdentityOptions.JwksUrl), nameof(IdentityOptions.TokenUrl), nameof(IdentityOptions.ServiceName),
                nameof(IdentityOptions.ServiceSecret), nameof(IdentityOptions.MetricsCredential) })
            {
                required.Add(Variable($"{IdentityOptions.SectionName}:{property}"));
            }
        }
        if (code.Contains("MetricsCredential.ConfigurationKey", StringComparison.Ordinal))
        {
            required.Add(Variable(MetricsCredential.ConfigurationKey));
        }
        foreach (Match peer in PeerAddress().Matches(code))
        {
            required.Add($"services__{peer.Groups[1].Value}__http__0");
        }
        foreach (Match variable in EnvironmentVariable().Matches(code))
        {
            required.Add(variable.Groups[1].Value);
        }
        if (IssuerSection().Match(code) is { Success: true } issuer)
        {
            var section = Variable(issuer.Groups[1].Value);
            required.Add($"{section}__SigningKeys__0");
            foreach (var other in PlatformService.All.Where(s => SourceOf(s).Contains(".AddApiDefaults(", StringComparison.Ordinal)))
            {
                required.Add($"{section}__Services__{other.Name}");
            }
        }
        return required;
    }

    /// <summary>The service's own database: the connection name it gives AddServiceDatabase.</summary>
    public static string DatabaseOf(PlatformService service) => ServiceDatabase().Match(SourceOf(service)).Groups[1].Value;

    /// <summary>Whether the service verifies the gateway's tokens (it serves an API with the platform identity).</summary>
    public static bool VerifiesGatewayTokens(PlatformService service) => SourceOf(service).Contains(".AddApiDefaults(", StringComparison.Ordinal);

    /// <summary>Names whose values are secrets: connection strings (they carry passwords), credentials, keys.</summary>
    public static bool IsSecret(string variable) => SecretName().IsMatch(variable);

    private static string ConnectionString(string name) => $"ConnectionStrings__{name}";

    private static string Variable(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    private static string SourceOf(PlatformService service) => string.Join('\n',
        Directory.EnumerateFiles(service.SourceFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Append(Path.Combine(service.SourceFolder, "appsettings.json"))
            .Where(File.Exists)
            .Select(File.ReadAllText));

    private static string Constant(string code, string type, string name)
    {
        var match = Regex.Match(code, $@"class {Regex.Escape(type)}\b[\s\S]*?const string {Regex.Escape(name)} = ""([^""]+)""");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"{type}.{name} is not a string constant in the service.");
    }

    [GeneratedRegex(@"\.AddServiceDatabase\(""([\w-]+)""")]
    private static partial Regex ServiceDatabase();

    [GeneratedRegex("""AddKeyedNpgsqlDataSource\((?<type>\w+)\.(?<name>\w+)""")]
    private static partial Regex KeyedDataSource();

    // Options default to http://<resource-name> (service discovery), and the gateway's clusters name their destinations so.
    [GeneratedRegex(@"(?:new\(|""Address"":\s*)""http://([a-z][a-z-]*)""")]
    private static partial Regex PeerAddress();

    [GeneratedRegex("""Configuration\["(MLOPS_[A-Z_]+)"\]""")]
    private static partial Regex EnvironmentVariable();

    [GeneratedRegex(@"class GatewayIdentityOptions[\s\S]*?const string SectionName = ""([^""]+)""")]
    private static partial Regex IssuerSection();

    [GeneratedRegex("^ConnectionStrings__|Secret|Credential|Password|ApiKey|AccessKey|SigningKeys|_KEY$")]
    private static partial Regex SecretName();
}
