using System.Net;
using Grpc.Core;
using RollCall.Server.Http;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Security;

/// <summary>How much of an IPv6 address counts as one client: <c>RollCall:RateLimits:Ipv6PrefixLength</c>.</summary>
public sealed class Ipv6PrefixTests
{
    [Theory]
    [InlineData("2001:db8:1:2:3:4:5:6", 64, "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:3:4:5:6", 56, "2001:db8:1::/56")]
    [InlineData("2001:db8:1:2ff:3:4:5:6", 56, "2001:db8:1:200::/56")]
    [InlineData("2001:db8:1:2:3:4:5:6", 48, "2001:db8:1::/48")]
    [InlineData("2001:db8:1:2:3:4:5:6", 33, "2001:db8::/33")]
    [InlineData("2001:db8:1:2:3:4:5:6", 128, "2001:db8:1:2:3:4:5:6/128")]
    [InlineData("::ffff:192.0.2.7", 48, "192.0.2.7")]
    [InlineData("192.0.2.7", 48, "192.0.2.7")]
    public void AnAddressCountsAsItsNetworkOfTheConfiguredPrefix(string address, int prefix, string partition) =>
        Assert.Equal(partition, ClientAddress.PartitionKey(IPAddress.Parse(address), prefix));

    [Fact]
    public async Task WithAFortyEightBitPrefixAddressesInOneSlash48ShareABudget()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?>
        {
            ["RollCall:TrustedProxies"] = "127.0.0.1",
            ["RollCall:RateLimits:FailuresPerAddress"] = "2",
            ["RollCall:RateLimits:GlobalFailures"] = "0",
            ["RollCall:RateLimits:WindowSeconds"] = "3600",
            ["RollCall:RateLimits:Ipv6PrefixLength"] = "48",
        });
        var client = new Registration.RegistrationClient(app.CreateChannel());

        // Three different /64s of one /48, then another /48.
        Assert.Equal(StatusCode.NotFound, await TryRegisterAsync(client, "1", "2001:db8:1:1::1"));
        Assert.Equal(StatusCode.NotFound, await TryRegisterAsync(client, "2", "2001:db8:1:2::1"));
        Assert.Equal(StatusCode.ResourceExhausted, await TryRegisterAsync(client, "3", "2001:db8:1:ffff::1"));
        Assert.Equal(StatusCode.NotFound, await TryRegisterAsync(client, "4", "2001:db8:2:1::1"));
    }

    [Theory]
    [InlineData("31")]
    [InlineData("129")]
    public async Task APrefixOutsideThirtyTwoToOneHundredTwentyEightStopsTheServer(string prefix)
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(data.Path, ["--RollCall:RateLimits:Ipv6PrefixLength=" + prefix], TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Ipv6PrefixLength", output);
    }

    private static async Task<StatusCode> TryRegisterAsync(Registration.RegistrationClient client, string code, string address)
    {
        try
        {
            await client.RegisterAsync(new RegisterRequest { FirstName = "Eve", LastName = "Guesser", Code = code }, new Metadata { { "x-forwarded-for", address } });
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }
}
