using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlOps.ServiceDefaults.Outbound;

/// <summary>
/// The safe client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself and connects only to
/// addresses that are public or allow-listed, so a name that resolves (or re-resolves, DNS rebinding) to an internal
/// address never reaches it. Checked per connection, after resolution, on the address actually dialled.
/// </summary>
public sealed partial class OutboundConnector(IOptions<OutboundOptions> options, ILogger<OutboundConnector> logger)
{
    private readonly OutboundAllowList _allowList = OutboundAllowList.Parse(options.Value.Allow);

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        var allowedByName = _allowList.AllowsEndpoint(host, port);
        IPAddress[] addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var permitted = new List<IPAddress>();
        string? refusedRange = null;
        foreach (var address in addresses)
        {
            var range = allowedByName || _allowList.AllowsAddress(address) ? null : AddressClassifier.NonPublicRange(address);
            if (range is null)
            {
                permitted.Add(address);
            }
            else
            {
                refusedRange ??= range;
                LogRefusedAddress(logger, host, port, address, range);
            }
        }
        if (permitted.Count == 0)
        {
            throw new OutboundRefusedException(host, port, refusedRange is null ? "the name has no address" : $"{refusedRange} address");
        }
        SocketException? last = null;
        foreach (var address in permitted)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    [LoggerMessage(EventId = 9100, Level = LogLevel.Warning,
        Message = "Outbound call to {Host}:{Port} not made to {Address}: a {Range} address, not allow-listed in MlOps:Outbound:Allow")]
    private static partial void LogRefusedAddress(ILogger logger, string host, int port, IPAddress address, string range);
}
