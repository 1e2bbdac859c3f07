using System.Net;

namespace MlOps.ServiceDefaults.Outbound;

/// <summary>
/// Names the non-public range an address belongs to (loopback, private, link-local, metadata, ...), or null for a public
/// address. IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by the IPv4 address they reach.
/// </summary>
public static class AddressClassifier
{
    private static readonly (IPNetwork Network, string Range)[] V4 =
    [
        (IPNetwork.Parse("169.254.169.254/32"), "metadata"),
        (IPNetwork.Parse("255.255.255.255/32"), "broadcast"),
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared (CGNAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        // IETF protocol assignments; 192.0.0.192 is a cloud metadata address.
        (IPNetwork.Parse("192.0.0.0/24"), "reserved"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation"),
        (IPNetwork.Parse("192.88.99.0/24"), "reserved"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
    ];

    private static readonly (IPNetwork Network, string Range)[] V6 =
    [
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fd00:ec2::254/128"), "metadata"),
        // IPv4-compatible addresses (deprecated): never a legitimate destination.
        (IPNetwork.Parse("::/96"), "reserved"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "private"),
        (IPNetwork.Parse("100::/64"), "reserved"),
        // Teredo hides an IPv4 address; nothing we call legitimately lives there.
        (IPNetwork.Parse("2001::/32"), "reserved"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation"),
        (IPNetwork.Parse("fc00::/7"), "private"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "private"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>The non-public range <paramref name="address"/> falls in, or null when it is public.</summary>
    public static string? NonPublicRange(IPAddress address)
    {
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            if (EmbeddedIPv4(address) is { } embedded)
            {
                return NonPublicRange(embedded);
            }
            // Scope ids (fe80::1%eth0) do not change the range; IPNetwork compares the bytes.
            address = new IPAddress(address.GetAddressBytes());
        }
        var table = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? V4 : V6;
        foreach (var (network, range) in table)
        {
            if (network.Contains(address))
            {
                return range;
            }
        }
        return null;
    }

    /// <summary>The IPv4 address an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address reaches.</summary>
    public static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        var unscoped = new IPAddress(bytes);
        if (Nat64.Contains(unscoped))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        if (SixToFour.Contains(unscoped))
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }
        return null;
    }
}
