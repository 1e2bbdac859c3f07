using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Outbound.Tests;

public sealed class OutboundAllowListTests
{
    [Fact]
    public void AllowsEndpoint_ExactHostPort_OnlyThatHostAndPort()
    {
        var allow = OutboundAllowList.Parse(["127.0.0.1:9000", "[::1]:9000", "Hooks.Internal.:443"]);

        Assert.True(allow.AllowsEndpoint("127.0.0.1", 9000));
        Assert.False(allow.AllowsEndpoint("127.0.0.1", 9001));
        Assert.False(allow.AllowsEndpoint("127.0.0.2", 9000));
        Assert.True(allow.AllowsEndpoint("::1", 9000));
        Assert.True(allow.AllowsEndpoint("[::1]", 9000));
        Assert.True(allow.AllowsEndpoint("[0:0:0:0:0:0:0:1]", 9000));
        Assert.True(allow.AllowsEndpoint("hooks.internal", 443));
        Assert.False(allow.AllowsEndpoint("hooks.internal", 80));
        Assert.False(allow.AllowsEndpoint("other.internal", 443));
        Assert.False(allow.AllowsAddress(IPAddress.Loopback));
    }

    [Fact]
    public void AllowsAddress_Cidr_InsideOnlyAndMappedFormsToo()
    {
        var allow = OutboundAllowList.Parse(["10.0.0.0/8", "::1/128", "fd00:ec2::/32"]);

        Assert.True(allow.AllowsAddress(IPAddress.Parse("10.1.2.3")));
        Assert.True(allow.AllowsAddress(IPAddress.Parse("::ffff:10.1.2.3")));
        Assert.False(allow.AllowsAddress(IPAddress.Parse("11.0.0.1")));
        Assert.True(allow.AllowsAddress(IPAddress.IPv6Loopback));
        Assert.False(allow.AllowsAddress(IPAddress.Loopback));
        Assert.True(allow.AllowsAddress(IPAddress.Parse("fd00:ec2::254")));
        Assert.False(allow.AllowsEndpoint("10.1.2.3", 80));
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("hooks.internal")]
    [InlineData("::1:9000")]
    [InlineData("[::1:9000")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:x")]
    [InlineData("host:-1")]
    [InlineData("a b:80")]
    [InlineData("http://host:80")]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.0.0.0/33")]
    [InlineData("::1/129")]
    [InlineData("not-an-address/8")]
    public void TryParseEntry_Invalid_False(string entry)
    {
        Assert.False(OutboundAllowList.TryParseEntry(entry, out _, out _));
        Assert.Throws<FormatException>(() => OutboundAllowList.Parse([entry]));
    }

    [Fact]
    public void Validate_InvalidEntry_NamesItsKeyAndValue()
    {
        var options = new OutboundOptions { Allow = ["127.0.0.0/8", "localhost"] };

        var errors = options.Validate(new ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Equal(
            ["MlOps:Outbound:Allow:1 'localhost' is neither host:port (an IPv6 host in brackets) nor a CIDR network such as 10.1.0.0/16."],
            errors);
    }

    [Fact]
    public void Defaults_NothingAllowed()
    {
        var options = new OutboundOptions();

        Assert.Empty(options.Allow);
        Assert.True(OutboundAllowList.Parse(options.Allow).IsEmpty);
    }

    [Fact]
    public void AppHostConfiguration_DevelopmentAllowsLoopback_ProductionAllowsNothing()
    {
        static OutboundAllowList AllowList(params string[] files)
        {
            var configuration = new ConfigurationBuilder();
            foreach (var file in files)
            {
                configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "AppHost", file), optional: false);
            }
            var options = configuration.Build().GetSection(OutboundOptions.SectionName).Get<OutboundOptions>() ?? new OutboundOptions();
            return OutboundAllowList.Parse(options.Allow);
        }

        var production = AllowList("appsettings.json");
        var development = AllowList("appsettings.json", "appsettings.Development.json");

        Assert.True(production.IsEmpty);
        Assert.True(development.AllowsAddress(IPAddress.Parse("127.0.0.1")));
        Assert.True(development.AllowsAddress(IPAddress.IPv6Loopback));
        Assert.False(development.AllowsAddress(IPAddress.Parse("169.254.169.254")));
        Assert.False(development.AllowsAddress(IPAddress.Parse("10.0.0.1")));
    }
}
