using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Outbound;
using Npgsql;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>
/// The platform's outbound rules for a user's PostgreSQL host: the name is resolved here, loopback, private, link-local
/// and metadata addresses are refused unless MlOps:Outbound:Allow names them, and the connection goes to the checked IP.
/// </summary>
public sealed partial class PostgresHostGuard(IOptions<OutboundOptions> options, ILogger<PostgresHostGuard> logger)
{
    private readonly OutboundAllowList _allowList = OutboundAllowList.Parse(options.Value.Allow);

    /// <summary>A copy of the connection string whose host is a checked IP address; SourceException when none may be reached.</summary>
    public async Task<NpgsqlConnectionStringBuilder> CheckAsync(NpgsqlConnectionStringBuilder connection, CancellationToken cancellationToken)
    {
        var host = connection.Host!;
        var port = connection.Port;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            throw new SourceException($"PostgreSQL host {host} cannot be resolved");
        }
        var allowedByName = _allowList.AllowsEndpoint(host, port);
        string? refused = null;
        foreach (var address in addresses)
        {
            var range = allowedByName || _allowList.AllowsAddress(address) ? null : AddressClassifier.NonPublicRange(address);
            if (range is null)
            {
                return new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Host = address.ToString() };
            }
            refused ??= range;
            LogRefused(logger, host, port, address, range);
        }
        throw new SourceException(refused is null
            ? $"PostgreSQL host {host} has no address"
            : $"PostgreSQL host {host}:{port} refused: a {refused} address, not allow-listed in {OutboundOptions.SectionName}:Allow");
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning,
        Message = "PostgreSQL source {Host}:{Port} not connected to {Address}: a {Range} address, not allow-listed")]
    private static partial void LogRefused(ILogger logger, string host, int port, IPAddress address, string range);
}
