using System.Globalization;
using System.Net;

namespace MlOps.ServiceDefaults.Outbound;

/// <summary>
/// Destinations allowed although they are not public: exact <c>host:port</c> entries (a name or an IP literal, IPv6 in
/// brackets) and CIDR networks (<c>127.0.0.0/8</c>, <c>::1/128</c>), which allow every port.
/// </summary>
public sealed class OutboundAllowList
{
    private readonly HashSet<(string Host, int Port)> _endpoints;
    private readonly IPNetwork[] _networks;

    private OutboundAllowList(HashSet<(string, int)> endpoints, IPNetwork[] networks) => (_endpoints, _networks) = (endpoints, networks);

    /// <summary>What an entry must be, for error messages.</summary>
    public const string EntryRule = "is neither host:port (an IPv6 host in brackets) nor a CIDR network such as 10.1.0.0/16.";

    public static OutboundAllowList Empty { get; } = new([], []);

    public bool IsEmpty => _endpoints.Count == 0 && _networks.Length == 0;

    /// <summary>Parses every entry; throws <see cref="FormatException"/> naming the first that is neither host:port nor CIDR.</summary>
    public static OutboundAllowList Parse(IEnumerable<string> entries)
    {
        var endpoints = new HashSet<(string, int)>();
        var networks = new List<IPNetwork>();
        foreach (var entry in entries)
        {
            if (!TryParseEntry(entry, out var endpoint, out var network))
            {
                throw new FormatException($"'{entry}' {EntryRule}");
            }
            if (network is { } n)
            {
                networks.Add(n);
            }
            else
            {
                endpoints.Add(endpoint);
            }
        }
        return new OutboundAllowList(endpoints, [.. networks]);
    }

    public static bool TryParseEntry(string? entry, out (string Host, int Port) endpoint, out IPNetwork? network)
    {
        endpoint = default;
        network = null;
        entry = entry?.Trim();
        if (string.IsNullOrEmpty(entry))
        {
            return false;
        }
        if (entry.Contains('/'))
        {
            // Host bits set (10.0.0.1/8) are refused: an entry means exactly the network it names.
            if (IPNetwork.TryParse(entry, out var parsed) && IPAddress.TryParse(entry.AsSpan(0, entry.IndexOf('/')), out var written)
                && written.Equals(parsed.BaseAddress))
            {
                network = parsed;
                return true;
            }
            return false;
        }
        var colon = entry.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return false;
        }
        var host = entry[..colon];
        if (host.StartsWith('[') != host.EndsWith(']') || (host.Contains(':') && !host.StartsWith('[')))
        {
            return false;
        }
        if (Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            return false;
        }
        endpoint = (NormalizeHost(host), port);
        return true;
    }

    /// <summary>Whether host:port (as the request URL names it) is allowed by an exact entry.</summary>
    public bool AllowsEndpoint(string host, int port) => _endpoints.Contains((NormalizeHost(host), port));

    /// <summary>Whether an address lies in an allowed network (an IPv4-mapped address also by its IPv4 form).</summary>
    public bool AllowsAddress(IPAddress address)
    {
        var unscoped = new IPAddress(address.GetAddressBytes());
        var ipv4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : null;
        return _networks.Any(n => n.Contains(unscoped) || (ipv4 is not null && n.Contains(ipv4)));
    }

    private static string NormalizeHost(string host)
    {
        var bare = host.Trim('[', ']');
        return IPAddress.TryParse(bare, out var address)
            ? new IPAddress(address.GetAddressBytes()).ToString()
            : bare.TrimEnd('.').ToLowerInvariant();
    }
}
