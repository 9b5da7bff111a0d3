using System.Net;
using Grpc.Core;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Web;

/// <summary>
/// The admin pages share the admin gate with gRPC: named tokens log in, revoked ones do not, and
/// wrong logins or bearer tokens count against the same per-address budget and audit log.
/// </summary>
public sealed class AdminPageAuthTests
{
    private const string Attacker = "203.0.113.66";

    private static Dictionary<string, string?> Limited(int failures) => new()
    {
        ["RollCall:TrustedProxies"] = "127.0.0.1",
        ["RollCall:RateLimits:AdminFailuresPerAddress"] = failures.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RollCall:RateLimits:WindowSeconds"] = "3600",
    };

    private static async Task<StatusCode> GrpcStatsAsync(RollCallApplication app, string token, string from)
    {
        try
        {
            await new Admin.AdminClient(app.CreateChannel()).GetCodeStatsAsync(
                new GetCodeStatsRequest(), new Metadata { { "authorization", "Bearer " + token }, { "x-forwarded-for", from } });
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    [Fact]
    public async Task ANamedTokenLogsInAndARevokedOneIsRefusedAndAuditedByName()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(configureServices: log.AddTo);
        var admin = new Admin.AdminClient(app.CreateChannel());
        var named = (await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door-laptop" }, app.AdminHeaders)).Token;

        using (var browser = new AdminBrowser(app))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await browser.LoginAsync(named)).StatusCode);
            Assert.Contains("id=\"stat-issued\"", await browser.Http.GetStringAsync("/admin"));
        }

        await admin.RevokeAdminTokenAsync(new RevokeAdminTokenRequest { Name = "door-laptop" }, app.AdminHeaders);
        using var again = new AdminBrowser(app);
        var refused = await again.LoginAsync(named);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("The admin token is not valid.", await refused.Content.ReadAsStringAsync());
        var failure = Assert.Single(log.Events, e => e.EventId.Name == "AdminAuthFailed");
        Assert.Contains("POST /admin/login", failure.Message);
        Assert.Contains("revoked admin token", failure.Message);
        Assert.Contains("'door-laptop'", failure.Message);
        Assert.DoesNotContain(named, log.AllText);
    }

    [Fact]
    public async Task RevokingTheTokenASessionLoggedInWithEndsTheSession()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());
        var named = (await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "kiosk" }, app.AdminHeaders)).Token;
        using var browser = new AdminBrowser(app);
        await browser.LoginAsync(named);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/admin/attendees.csv")).StatusCode);

        await admin.RevokeAdminTokenAsync(new RevokeAdminTokenRequest { Name = "kiosk" }, app.AdminHeaders);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/admin/attendees.csv")).StatusCode);
        Assert.Contains("Organizer login", await browser.Http.GetStringAsync("/admin"));
    }

    [Fact]
    public async Task WrongLoginsAreLimitedPerAddressWithA429PageAndAreAuditedWithoutTheirValue()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(Limited(3), configureServices: log.AddTo);
        using var attacker = new AdminBrowser(app, from: Attacker);

        var empty = await attacker.LoginAsync(string.Empty);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await attacker.LoginAsync($"guess-number-{i}-xxxxxxxxxxxxxxxx")).StatusCode);
        }

        // Past the budget a wrong token is refused without being counted as one more failure.
        var locked = await attacker.LoginAsync("guess-number-3-xxxxxxxxxxxxxxxx");

        Assert.Equal(HttpStatusCode.Unauthorized, empty.StatusCode);
        Assert.Contains("Enter the admin token.", await empty.Content.ReadAsStringAsync());
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1200), locked.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many wrong admin tokens from your address. Please try again in 1200 seconds.", await locked.Content.ReadAsStringAsync());
        Assert.False(locked.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("rollcall_admin=", StringComparison.Ordinal)));
        Assert.Equal(3, log.Events.Count(e => e.EventId.Name == "AdminAuthFailed" && e.Message.Contains(Attacker) && e.Message.Contains("POST /admin/login")));
        Assert.Single(log.Events, e => e.EventId.Name == "AdminAuthRateLimited" && e.Message.Contains(Attacker));
        Assert.DoesNotContain("guess-number", log.AllText);
        Assert.DoesNotContain(app.AdminToken, log.AllText);

        // One budget per address for every admin door: a wrong token over gRPC is refused there too.
        // The right token still logs in from that address, and from others.
        Assert.Equal(StatusCode.ResourceExhausted, await GrpcStatsAsync(app, "wrong-over-grpc-xxxxxxxxxxxxxxxx", Attacker));
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.LoginAsync(app.AdminToken)).StatusCode);
        using var organizer = new AdminBrowser(app, from: "203.0.113.1");
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.LoginAsync(app.AdminToken)).StatusCode);
    }

    [Fact]
    public async Task WrongBearerTokensOnTheAdminPagesShareTheBudgetWithGrpcAndEndIn429()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(Limited(3), configureServices: log.AddTo);
        using var script = new AdminBrowser(app, from: Attacker);

        Assert.Equal(StatusCode.PermissionDenied, await GrpcStatsAsync(app, "wrong-over-grpc-xxxxxxxxxxxxxxxx", Attacker));
        using var csv = await script.SendWithBearerAsync(HttpMethod.Get, "/admin/attendees.csv", "wrong-csv-xxxxxxxxxxxxxxxx");
        using var mint = await script.SendWithBearerAsync(HttpMethod.Post, "/admin/codes", "wrong-mint-xxxxxxxxxxxxxxxx", new FormUrlEncodedContent(new Dictionary<string, string> { ["count"] = "1" }));
        using var locked = await script.SendWithBearerAsync(HttpMethod.Get, "/admin", "wrong-page-xxxxxxxxxxxxxxxx");
        using var organizer = await script.SendWithBearerAsync(HttpMethod.Get, "/admin", app.AdminToken);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (csv.StatusCode, mint.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1200), locked.Headers.RetryAfter?.Delta);
        Assert.Equal("Too many wrong admin tokens from your address. Please try again in 1200 seconds.", await locked.Content.ReadAsStringAsync());
        Assert.Contains("id=\"stat-issued\"", await organizer.Content.ReadAsStringAsync());
        Assert.Contains(log.Events, e => e.EventId.Name == "AdminAuthFailed" && e.Message.Contains("GET /admin/attendees.csv"));
        Assert.Contains(log.Events, e => e.EventId.Name == "AdminAuthFailed" && e.Message.Contains("POST /admin/codes"));
        Assert.Contains(log.Events, e => e.EventId.Name == "AdminAuthRateLimited" && e.Message.Contains("GET /admin"));
        Assert.DoesNotContain("xxxxxxxxxxxxxxxx", log.AllText);
        Assert.Equal(0, (await new Admin.AdminClient(app.CreateChannel()).GetCodeStatsAsync(new GetCodeStatsRequest(), app.AdminHeaders)).Issued);
    }

    [Fact]
    public async Task MintingOnThePageIsAuditedWithTheNameOfTheTokenThatLoggedIn()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(configureServices: log.AddTo);
        var named = (await new Admin.AdminClient(app.CreateChannel()).CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door-laptop" }, app.AdminHeaders)).Token;
        using var browser = new AdminBrowser(app);
        await browser.LoginAsync(named);
        var forgery = AdminBrowser.Forgery(await browser.Http.GetStringAsync("/admin"));

        using var minted = await browser.Http.PostAsync("/admin/codes", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrf"] = forgery,
            ["count"] = "3",
            ["label"] = "crew",
        }));

        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var issued = Assert.Single(log.Events, e => e.EventId.Name == "CodesIssued");
        Assert.Contains("Issued 3 codes for event 'default' (label 'crew'", issued.Message);
        Assert.Contains("admin token 'door-laptop'", issued.Message);
        Assert.DoesNotContain(named, log.AllText);
    }
}
