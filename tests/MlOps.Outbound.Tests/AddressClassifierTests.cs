using System.Net;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Outbound.Tests;

public sealed class AddressClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("100.64.0.1", "shared (CGNAT)")]
    [InlineData("100.127.255.255", "shared (CGNAT)")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("0.1.2.3", "unspecified")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("192.0.0.192", "reserved")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fe80::1%2", "link-local")]
    [InlineData("febf:ffff::1", "link-local")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("fd00:ec2::254", "metadata")]
    [InlineData("fec0::1", "private")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:7f00:1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "metadata")]
    [InlineData("::ffff:a9fe:a9fe", "metadata")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::ffff:100.64.0.1", "shared (CGNAT)")]
    [InlineData("::ffff:0.0.0.0", "unspecified")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "metadata")]
    [InlineData("2002:7f00:1::1", "loopback")]
    [InlineData("2002:c0a8:101::1", "private")]
    [InlineData("::127.0.0.1", "reserved")]
    [InlineData("2001:0:4136:e378::1", "reserved")]
    public void NonPublicRange_NonPublicAddress_NamesItsRange(string address, string range)
    {
        Assert.Equal(range, AddressClassifier.NonPublicRange(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("192.167.255.255")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void NonPublicRange_PublicAddress_Null(string address)
    {
        Assert.Null(AddressClassifier.NonPublicRange(IPAddress.Parse(address)));
    }
}
