using System.Net;
using System.Text.Json;
using Grpc.Core;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Api;

/// <summary>
/// A retry is not a second registration: the same code with the same name (after trimming and
/// normalization) gets the registration it already has, on every door; another name is still refused,
/// and a retry spends nothing of the address's failure budget.
/// </summary>
public sealed class RetryTests
{
    [Fact]
    public async Task TheSamePersonAgainGetsTheSameNumberOverV1TheFormAndThe2016Form()
    {
        await using var app = new RollCallApplication();
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 2);
        var client = new Registration.RegistrationClient(app.CreateChannel());
        using var http = app.CreateClient();

        var first = await client.RegisterAsync(new RegisterRequest { FirstName = "José", LastName = "Núñez", Code = codes[0] });
        var again = await client.RegisterAsync(new RegisterRequest { FirstName = "  José ", LastName = "Nu\u0301n\u0303ez", Code = codes[0] });
        var data = "data=" + Uri.EscapeDataString(JsonSerializer.Serialize(new { firstName = "José", lastName = "Núñez", code = codes[0] }));
        using var legacy = await http.PostAsync("/register", new StringContent(data, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        var other = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.RegisterAsync(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = codes[0] }));
        var status = await client.GetStatusAsync(new GetStatusRequest());

        Assert.Equal(first.Attendant.Number, again.Attendant.Number);
        Assert.Equal("Successfully registered!", again.Message);
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
        // The 2016 form's success: 200 with an empty body, as in 2016.
        Assert.Equal(string.Empty, await legacy.Content.ReadAsStringAsync());
        Assert.Equal(StatusCode.AlreadyExists, other.StatusCode);
        Assert.Equal((1, 1L), (status.Count, status.Version));
    }

    [Fact]
    public async Task RetriesSpendNothingOfTheFailureBudget()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?>
        {
            ["RollCall:RateLimits:FailuresPerAddress"] = "2",
            ["RollCall:RateLimits:GlobalFailures"] = "0",
            ["RollCall:RateLimits:WindowSeconds"] = "3600",
        });
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 2);
        var client = new Registration.RegistrationClient(app.CreateChannel());
        await client.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[0] });

        for (var i = 0; i < 5; i++)
        {
            await client.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[0] });
        }

        var next = await client.RegisterAsync(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = codes[1] });
        Assert.Equal(2, next.Attendant.Number);
    }
}
