using Grpc.Core;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Api;

/// <summary>One code, many simultaneous redemptions through a real Kestrel server: exactly one wins.</summary>
public sealed class ExactlyOnceTests
{
    [Fact]
    public async Task TwoHundredConcurrentRedemptionsOfOneCodeGiveOneSuccessAndOneNinetyNineAlreadyUsed()
    {
        // 199 "already used" answers from one address: lift its failure budget for this test.
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:RateLimits:FailuresPerAddress"] = "1000" }).StartKestrel();
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1))[0];

        // Several channels, so the attempts arrive over several HTTP/2 connections at once.
        var channels = Enumerable.Range(0, 8).Select(_ => app.CreateChannel()).ToArray();
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var client = new Registration.RegistrationClient(channels[i % channels.Length]);
            start.Wait();
            try
            {
                await client.RegisterAsync(new RegisterRequest { FirstName = "Guest", LastName = i.ToString(), Code = code });
                return StatusCode.OK;
            }
            catch (RpcException exception)
            {
                Assert.Equal($"The code {code} has already been used.", exception.Status.Detail);
                return exception.StatusCode;
            }
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(r => r == StatusCode.OK));
        Assert.Equal(199, results.Count(r => r == StatusCode.AlreadyExists));
        var status = await new RollCall.Legacy.RegisterService.RegisterServiceClient(app.CreateChannel()).GetStatusAsync(new RollCall.Legacy.StatusRequest());
        Assert.Equal(1, status.AppData.Counter);
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
    }

    [Fact]
    public async Task ConcurrentRedemptionsOfDistinctCodesAllSucceedWithDistinctNumbers()
    {
        await using var app = new RollCallApplication().StartKestrel();
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 300);
        var client = new Registration.RegistrationClient(app.CreateChannel());

        var responses = await Task.WhenAll(codes.Select(c => client.RegisterAsync(new RegisterRequest { FirstName = "A", LastName = c, Code = c }).ResponseAsync));

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), responses.Select(r => r.Attendant.Number).Order());
    }
}
