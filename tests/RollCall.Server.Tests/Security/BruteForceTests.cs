using System.Net;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Security;

/// <summary>
/// Failed registrations spend a budget per client address (10 by default) on every path; past it
/// the answer is 429 / RESOURCE_EXHAUSTED with a retry hint, and no guess reaches the database.
/// Clients are told apart through X-Forwarded-For from a trusted proxy (the test server's loopback).
/// </summary>
public sealed class BruteForceTests
{
    // An hour-long window: the budget does not visibly refill while a test runs.
    private static Dictionary<string, string?> Settings(int perAddress = 10, int global = 0) => new()
    {
        ["RollCall:TrustedProxies"] = "127.0.0.1",
        ["RollCall:RateLimits:FailuresPerAddress"] = perAddress.ToString(),
        ["RollCall:RateLimits:GlobalFailures"] = global.ToString(),
        ["RollCall:RateLimits:WindowSeconds"] = "3600",
    };

    private static Metadata From(string address) => new() { { "x-forwarded-for", address } };

    private static async Task<StatusCode> TryRegisterAsync(Registration.RegistrationClient client, string code, string address, string first = "Eve")
    {
        try
        {
            await client.RegisterAsync(new RegisterRequest { FirstName = first, LastName = "Guesser", Code = code }, From(address));
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    [Fact]
    public async Task AThousandWrongGuessesFromOneAddressAreCutOffAfterTenAndOthersAreUnaffected()
    {
        await using var app = new RollCallApplication(Settings());
        var channel = app.CreateChannel();
        var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 2);
        var client = new Registration.RegistrationClient(channel);

        var results = new List<StatusCode>();
        for (var i = 0; i < 1000; i++)
        {
            results.Add(await TryRegisterAsync(client, (100_000 + i).ToString(), "203.0.113.7"));
        }

        Assert.Equal(10, results.Count(r => r == StatusCode.NotFound));
        Assert.Equal(990, results.Count(r => r == StatusCode.ResourceExhausted));
        Assert.All(results.Take(10), r => Assert.Equal(StatusCode.NotFound, r));
        // The right code from the blocked address is refused too: the budget is checked before redeeming.
        Assert.Equal(StatusCode.ResourceExhausted, await TryRegisterAsync(client, codes[1], "203.0.113.7"));
        Assert.Equal(StatusCode.NotFound, await TryRegisterAsync(client, "424242", "203.0.113.8"));
        Assert.Equal(StatusCode.OK, await TryRegisterAsync(client, codes[0], "198.51.100.9"));
    }

    [Fact]
    public async Task TheRefusalSaysHowLongToWaitInTheMessageAndARetryAfterTrailer()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(Settings(perAddress: 2), configureServices: log.AddTo);
        var client = new Registration.RegistrationClient(app.CreateChannel());
        await TryRegisterAsync(client, "1", "203.0.113.7");
        await TryRegisterAsync(client, "2", "203.0.113.7");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.RegisterAsync(new RegisterRequest { FirstName = "Eve", LastName = "G", Code = "3" }, From("203.0.113.7")));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("Too many failed attempts. Please wait 1800 seconds and try again.", error.Status.Detail);
        Assert.Equal("1800", error.Trailers.GetValue("retry-after"));
        var spent = Assert.Single(log.Events, e => e.EventId.Name == "RegistrationBudgetSpent");
        Assert.Equal("Client 203.0.113.7 made 2 failed registrations within 3600 s; further attempts get 429 / RESOURCE_EXHAUSTED until its budget refills", spent.Message);
    }

    [Fact]
    public async Task ACorrectCodeFromAnAddressStillUnderItsBudgetWorks()
    {
        await using var app = new RollCallApplication(Settings());
        var channel = app.CreateChannel();
        var code = (await AdminCalls.MintAsync(channel, app.AdminToken, 1))[0];
        var client = new Registration.RegistrationClient(channel);
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(StatusCode.NotFound, await TryRegisterAsync(client, (500 + i).ToString(), "203.0.113.7"));
        }

        Assert.Equal(StatusCode.OK, await TryRegisterAsync(client, code, "203.0.113.7"));
    }

    [Fact]
    public async Task OnlyFailuresSpendTheBudgetNotSuccessesOrInvalidInput()
    {
        await using var app = new RollCallApplication(Settings(perAddress: 3));
        var channel = app.CreateChannel();
        var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 20);
        var client = new Registration.RegistrationClient(channel);

        foreach (var code in codes)
        {
            Assert.Equal(StatusCode.OK, await TryRegisterAsync(client, code, "203.0.113.7"));
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(StatusCode.InvalidArgument, await TryRegisterAsync(client, "123", "203.0.113.7", first: string.Empty));
        }

        // Used (by someone else: the same person again is a retry), unknown, then refused: a used code is a failure like any other.
        Assert.Equal(StatusCode.AlreadyExists, await TryRegisterAsync(client, codes[0], "203.0.113.7", first: "Mallory"));
        Assert.Equal(StatusCode.NotFound, await TryRegisterAsync(client, "77", "203.0.113.7"));
        Assert.Equal(StatusCode.NotFound, await TryRegisterAsync(client, "78", "203.0.113.7"));
        Assert.Equal(StatusCode.ResourceExhausted, await TryRegisterAsync(client, "79", "203.0.113.7"));
    }

    [Fact]
    public async Task TwoHundredConcurrentGuessesFromOneAddressGetNoMoreThanTheBudget()
    {
        await using var app = new RollCallApplication(Settings()).StartKestrel();
        var client = new Registration.RegistrationClient(app.CreateChannel());

        // Over Kestrel the peer really is 127.0.0.1: no header needed.
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            try
            {
                await client.RegisterAsync(new RegisterRequest { FirstName = "Eve", LastName = "G", Code = (1000 + i).ToString() });
                return StatusCode.OK;
            }
            catch (RpcException exception)
            {
                return exception.StatusCode;
            }
        }));

        Assert.Equal(10, results.Count(r => r == StatusCode.NotFound));
        Assert.Equal(190, results.Count(r => r == StatusCode.ResourceExhausted));
    }

    [Fact]
    public async Task XForwardedForIsIgnoredWithoutATrustedProxy()
    {
        var settings = Settings(perAddress: 3);
        settings.Remove("RollCall:TrustedProxies");
        await using var app = new RollCallApplication(settings);
        var client = new Registration.RegistrationClient(app.CreateChannel());

        // A client that invents a new address per request still spends one budget.
        var results = new List<StatusCode>();
        for (var i = 0; i < 6; i++)
        {
            results.Add(await TryRegisterAsync(client, (900 + i).ToString(), $"203.0.113.{i + 1}"));
        }

        Assert.Equal([StatusCode.NotFound, StatusCode.NotFound, StatusCode.NotFound, StatusCode.ResourceExhausted, StatusCode.ResourceExhausted, StatusCode.ResourceExhausted], results);
    }

    [Fact]
    public async Task AddressesInOneIpv6Slash64ShareABudget()
    {
        await using var app = new RollCallApplication(Settings(perAddress: 2));
        var client = new Registration.RegistrationClient(app.CreateChannel());

        Assert.Equal(StatusCode.NotFound, await TryRegisterAsync(client, "1", "2001:db8:1:2::1"));
        Assert.Equal(StatusCode.NotFound, await TryRegisterAsync(client, "2", "2001:db8:1:2:aaaa::2"));
        Assert.Equal(StatusCode.ResourceExhausted, await TryRegisterAsync(client, "3", "2001:db8:1:2:ffff::3"));
        Assert.Equal(StatusCode.NotFound, await TryRegisterAsync(client, "4", "2001:db8:1:3::1"));
    }

    [Fact]
    public async Task TheLegacyDataFormAnswers429WithRetryAfterAndAJsonMessage()
    {
        await using var app = new RollCallApplication(Settings(perAddress: 3));
        var http = app.CreateClient();
        var answers = new List<(HttpStatusCode Status, string? Message, string? RetryAfter)>();
        for (var i = 0; i < 5; i++)
        {
            var json = JsonSerializer.Serialize(new { firstName = "Eve", lastName = "G", code = (40 + i).ToString() });
            using var request = new HttpRequestMessage(HttpMethod.Post, "/register")
            {
                Content = new StringContent("data=" + Uri.EscapeDataString(json), Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            using var response = await http.SendAsync(request);
            answers.Add((response.StatusCode, JsonSerializer.Deserialize<string>(await response.Content.ReadAsStringAsync()), response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString()));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers.Select(a => a.Status));
        Assert.Equal("The code 40 is not a valid code.", answers[0].Message);
        Assert.Equal("Too many failed attempts. Please wait 1200 seconds and try again.", answers[3].Message);
        Assert.Equal("1200", answers[4].RetryAfter);
    }

    [Fact]
    public async Task ThePlainFormAnswersTheTooManyAttemptsPageWith429AndKeepsTheCodeOutOfUrlsAndLogs()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(Settings(perAddress: 1), configureServices: log.AddTo);
        // A browser follows redirects; the request log (Microsoft.AspNetCore.Hosting at Information,
        // captured here at every level) prints every URL it is sent to.
        var http = app.CreateClient();
        var answers = new List<HttpResponseMessage>();
        foreach (var code in new[] { "50", "918273645" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/register")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["firstName"] = "Eve", ["lastName"] = "G", ["code"] = code }),
            };
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            answers.Add(await http.SendAsync(request));
        }

        var refused = answers[1];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("/register", refused.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Too many failed attempts. Please wait", page);
        // Kept in the form, so the attendee can send it again once the wait is over.
        Assert.Contains("value=\"918273645\"", page);
        Assert.Contains("/register", log.AllText);
        Assert.DoesNotContain("918273645", log.AllText);
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task JsonTranscodingAnswers429WithRetryAfter()
    {
        await using var app = new RollCallApplication(Settings(perAddress: 2));
        var http = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/registrations")
            {
                Content = new StringContent($"{{\"firstName\":\"Eve\",\"lastName\":\"G\",\"code\":\"{60 + i}\"}}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            last?.Dispose();
            last = await http.SendAsync(request);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(TimeSpan.FromSeconds(1800), last!.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many failed attempts", await last.Content.ReadAsStringAsync());
        last.Dispose();
    }

    [Fact]
    public async Task TheServerWideCircuitPausesRegistrationForEveryoneThenResumes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));
        var log = new LogCapture();
        await using var app = new RollCallApplication(Settings(perAddress: 5, global: 12), time, configureServices: log.AddTo);
        var channel = app.CreateChannel();
        var code = (await AdminCalls.MintAsync(channel, app.AdminToken, 1))[0];
        var client = new Registration.RegistrationClient(channel);

        // Three addresses, each within its own budget, together spend the server-wide one.
        for (var i = 0; i < 15; i++)
        {
            await TryRegisterAsync(client, (7000 + i).ToString(), $"203.0.113.{(i % 3) + 1}");
        }

        var paused = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "L", Code = code }, From("198.51.100.1")));
        Assert.Equal(StatusCode.ResourceExhausted, paused.StatusCode);
        Assert.Equal("Registration is paused after too many failed attempts. Please try again in 60 seconds.", paused.Status.Detail);
        Assert.Contains(log.Events, e => e.Category == "RollCall.Audit" && e.EventId.Name == "RegistrationPaused");

        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(StatusCode.OK, await TryRegisterAsync(client, code, "198.51.100.1"));
        Assert.Contains(log.Events, e => e.EventId.Name == "RegistrationResumed");
    }
}
