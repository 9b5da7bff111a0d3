using System.Globalization;
using System.Net;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RollCall.Server.Tests.Web;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Security;

/// <summary>
/// The admin-token budget at a real venue: everyone shares one NAT address, guesses come from many
/// addresses at once, and the log must stay readable while someone hammers the door.
/// </summary>
public sealed class AdminVenueTests
{
    private const string Venue = "203.0.113.50";

    private static Dictionary<string, string?> Settings(int perAddress, int? global = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RollCall:TrustedProxies"] = "127.0.0.1",
            ["RollCall:RateLimits:AdminFailuresPerAddress"] = perAddress.ToString(CultureInfo.InvariantCulture),
            ["RollCall:RateLimits:WindowSeconds"] = "3600",
        };
        if (global is { } value)
        {
            settings["RollCall:RateLimits:AdminGlobalFailures"] = value.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private static async Task<RpcException?> StatsAsync(RollCallApplication app, string token, string from)
    {
        try
        {
            await new Admin.AdminClient(app.CreateChannel()).GetCodeStatsAsync(
                new GetCodeStatsRequest(), new Metadata { { "authorization", "Bearer " + token }, { "x-forwarded-for", from } });
            return null;
        }
        catch (RpcException exception)
        {
            return exception;
        }
    }

    [Fact]
    public async Task TheRightTokenStillWorksFromAnAddressWhoseBudgetOthersSpentOnEveryDoor()
    {
        await using var app = new RollCallApplication(Settings(perAddress: 3));
        for (var i = 0; i < 5; i++)
        {
            await StatsAsync(app, $"someone-else-on-the-wifi-{i}", Venue);
        }

        // Wrong tokens from the venue's address are refused...
        var wrong = await StatsAsync(app, "yet-another-guess", Venue);
        Assert.Equal(StatusCode.ResourceExhausted, wrong?.StatusCode);
        Assert.Equal("1200", wrong!.Trailers.GetValue("retry-after"));

        // ...but the organizer, behind the same address, gets in through every door.
        Assert.Null(await StatsAsync(app, app.AdminToken, Venue));
        using var json = new HttpRequestMessage(HttpMethod.Get, "/api/v1/codes:stats");
        json.Headers.Authorization = new("Bearer", app.AdminToken);
        json.Headers.Add("X-Forwarded-For", Venue);
        using var jsonAnswer = await app.CreateClient().SendAsync(json);
        Assert.Equal(HttpStatusCode.OK, jsonAnswer.StatusCode);
        using var browser = new AdminBrowser(app, from: Venue);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.LoginAsync(app.AdminToken)).StatusCode);
        using var script = new AdminBrowser(app, from: Venue);
        using var csv = await script.SendWithBearerAsync(HttpMethod.Get, "/admin/attendees.csv", app.AdminToken);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
    }

    [Fact]
    public async Task WrongTokensSpreadOverManyAddressesAreCutOffByTheServerWideBudget()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(Settings(perAddress: 10, global: 5), configureServices: log.AddTo);

        // Ten addresses, one guess each: every one within its own budget, together past the server's.
        var answers = new List<StatusCode?>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add((await StatsAsync(app, $"botnet-guess-{i}", $"198.51.100.{i + 1}"))?.StatusCode);
        }

        Assert.Equal(5, answers.Count(a => a == StatusCode.PermissionDenied));
        Assert.Equal(5, answers.Count(a => a == StatusCode.ResourceExhausted));
        var refused = await StatsAsync(app, "one-more-guess", "198.51.100.200");
        Assert.Equal(StatusCode.ResourceExhausted, refused?.StatusCode);
        Assert.StartsWith("Too many wrong admin tokens", refused!.Status.Detail);
        Assert.NotNull(refused.Trailers.GetValue("retry-after"));
        // The organizer is not locked out by the circuit.
        Assert.Null(await StatsAsync(app, app.AdminToken, "198.51.100.1"));
        Assert.Equal(5, log.Events.Count(e => e.EventId.Name == "AdminAuthFailed"));
        Assert.Single(log.Events, e => e.EventId.Name == "AdminAuthServerWideLimited");
    }

    [Fact]
    public async Task RefusalsPastTheBudgetAreLoggedOncePerAddressPerWindowAndThenSummarized()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z", CultureInfo.InvariantCulture));
        var log = new LogCapture();
        var settings = Settings(perAddress: 2);
        settings["RollCall:RateLimits:WindowSeconds"] = "60";
        await using var app = new RollCallApplication(settings, time, configureServices: log.AddTo);

        for (var i = 0; i < 52; i++)
        {
            await StatsAsync(app, $"hammer-{i}", Venue);
        }

        await StatsAsync(app, "from-elsewhere", "203.0.113.51");
        await StatsAsync(app, "from-elsewhere-2", "203.0.113.51");
        await StatsAsync(app, "from-elsewhere-3", "203.0.113.51");

        // Two wrong tokens within the budget are audited one by one; of the fifty refusals after
        // them only the first is, the rest are counted.
        Assert.Equal(2, log.Events.Count(e => e.EventId.Name == "AdminAuthFailed" && e.Message.Contains(Venue)));
        Assert.Single(log.Events, e => e.EventId.Name == "AdminAuthRateLimited" && e.Message.Contains(Venue));
        Assert.Single(log.Events, e => e.EventId.Name == "AdminAuthRateLimited" && e.Message.Contains("203.0.113.51"));
        Assert.DoesNotContain(log.Events, e => e.EventId.Name == "AdminAuthRefusalsSummarized");

        // Once the window is over, one summary per address says how many went unlogged.
        time.Advance(TimeSpan.FromSeconds(61));
        await Eventually.TrueAsync(() => log.Events.Any(e => e.EventId.Name == "AdminAuthRefusalsSummarized"), TimeSpan.FromSeconds(10));
        var summary = Assert.Single(log.Events, e => e.EventId.Name == "AdminAuthRefusalsSummarized" && e.Message.Contains(Venue));
        Assert.Equal("49", summary.Values.Single(v => v.Key == "Count").Value);
        Assert.Equal(LogLevel.Warning, summary.Level);
        Assert.Equal("RollCall.Audit", summary.Category);
        // An address refused only once has nothing to summarize.
        Assert.DoesNotContain(log.Events, e => e.EventId.Name == "AdminAuthRefusalsSummarized" && e.Message.Contains("203.0.113.51"));
        Assert.DoesNotContain("hammer-", log.AllText);
    }
}
