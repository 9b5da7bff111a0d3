using Grpc.Core;
using RollCall.Legacy;
using RollCall.Testing;

namespace RollCall.Server.Tests.Compatibility;

/// <summary>
/// The 2016 gRPC contract, through a client generated from protos/services.proto alone
/// (package services, RegisterService, GetCode and GetStatus).
/// </summary>
public sealed class LegacyGrpcContractTests
{
    [Fact]
    public async Task GetCodeWithTheAdminTokenReturnsADecimalCodeInThe2016Range()
    {
        await using var app = new RollCallApplication();
        var client = new RegisterService.RegisterServiceClient(app.CreateChannel());

        var response = await client.GetCodeAsync(new CodeRequest(), app.AdminHeaders);

        Assert.Matches("^[1-9][0-9]{0,9}$", response.Code);
        Assert.InRange(long.Parse(response.Code), 1, int.MaxValue);
    }

    [Fact]
    public async Task GetCodeWithoutATokenIsUnauthenticated()
    {
        await using var app = new RollCallApplication();
        var client = new RegisterService.RegisterServiceClient(app.CreateChannel());

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.GetCodeAsync(new CodeRequest()));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task GetCodeWithoutATokenWorksWhenAnonymousCodesAreAllowed()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:AllowAnonymousCodes"] = "true" });
        var client = new RegisterService.RegisterServiceClient(app.CreateChannel());

        var response = await client.GetCodeAsync(new CodeRequest());

        Assert.NotEmpty(response.Code);
    }

    [Fact]
    public async Task ManyGetCodeCallsInParallelAllSucceedWithDistinctCodes()
    {
        await using var app = new RollCallApplication();
        var client = new RegisterService.RegisterServiceClient(app.CreateChannel());

        var codes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ => (await client.GetCodeAsync(new CodeRequest(), app.AdminHeaders)).Code));

        Assert.Equal(200, codes.Distinct().Count());
    }

    [Fact]
    public async Task GetStatusListsOnlyRegisteredAttendeesKeyedByRegistrationNumber()
    {
        await using var app = new RollCallApplication();
        var channel = app.CreateChannel();
        var legacy = new RegisterService.RegisterServiceClient(channel);
        var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 5);
        var registration = new RollCall.V1.Registration.RegistrationClient(channel);
        await registration.RegisterAsync(new RollCall.V1.RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[0] });
        await registration.RegisterAsync(new RollCall.V1.RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = codes[1] });

        var status = await legacy.GetStatusAsync(new StatusRequest());

        Assert.Equal(2, status.AppData.Counter);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Ada Lovelace", ["2"] = "Grace Hopper" }, status.AppData.Attendants);
        foreach (var code in codes)
        {
            Assert.DoesNotContain(code, status.AppData.Attendants.Keys);
            Assert.DoesNotContain(status.AppData.Attendants.Values, v => v.Contains(code, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task GetStatusOfAnEmptyEventHasCounterZeroAndNoAttendants()
    {
        await using var app = new RollCallApplication();
        await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 3);
        var status = await new RegisterService.RegisterServiceClient(app.CreateChannel()).GetStatusAsync(new StatusRequest());

        Assert.Equal(0, status.AppData.Counter);
        Assert.Empty(status.AppData.Attendants);
    }
}
