using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Web;

/// <summary>The admin pages over plain HTTP: who gets in, forged posts, the CSV and its formula guard.</summary>
public sealed partial class AdminPageTests : IAsyncLifetime
{
    private readonly RollCallApplication _app = new();
    private HttpClient _browser = null!;

    public Task InitializeAsync()
    {
        // Like a browser: keeps cookies, does not follow redirects (so they can be asserted).
        _browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheCsvExportRefusesWithoutAuthenticationAndWithAWrongToken()
    {
        using var anonymous = await _browser.GetAsync("/admin/attendees.csv");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/attendees.csv");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token");
        using var denied = await _browser.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task AScriptWithTheBearerTokenExportsCsvWithFormulasDefused()
    {
        var channel = _app.CreateChannel();
        var codes = await AdminCalls.MintAsync(channel, _app.AdminToken, 3, label: "+speakers");
        var registration = new Registration.RegistrationClient(channel);
        await registration.RegisterAsync(new RegisterRequest { FirstName = "=1+2", LastName = "@SUM(A1)", Code = codes[0] });
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada, \"the first\"", LastName = "-Lovelace", Code = codes[1] });
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Zoë", LastName = "Ünal", Code = codes[2] });

        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/attendees.csv");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminToken);
        using var response = await _browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"1,\"'=1+2\",\"'@SUM(A1)\",{codes[0]},\"'+speakers\",", lines[1]);
        Assert.StartsWith($"2,\"Ada, \"\"the first\"\"\",\"'-Lovelace\",{codes[1]},", lines[2]);
        Assert.StartsWith($"3,\"Zoë\",\"Ünal\",{codes[2]},", lines[3]);
        Assert.Matches(@",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", lines[3]);
    }

    [Fact]
    public async Task LoggingInSetsAStrictHttpOnlySessionCookieThatIsNotTheToken()
    {
        var login = await LoginAsync(_app.AdminToken);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rollcall_admin=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/admin", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_app.AdminToken, cookie);
        var dashboard = await _browser.GetStringAsync("/admin");
        Assert.Contains("id=\"stat-issued\"", dashboard);
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/admin/attendees.csv")).StatusCode);
    }

    [Fact]
    public async Task AWrongTokenAtLoginIs401AndStartsNoSession()
    {
        var login = await LoginAsync("definitely-not-the-token");

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Contains("The admin token is not valid.", await login.Content.ReadAsStringAsync());
        Assert.False(login.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("rollcall_admin=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _browser.GetAsync("/admin/attendees.csv")).StatusCode);
    }

    [Fact]
    public async Task AFormPostedWithoutTheAntiforgeryTokenIsRefusedEvenWithASession()
    {
        await LoginAsync(_app.AdminToken);

        using var forged = await _browser.PostAsync("/admin/codes", new FormUrlEncodedContent(new Dictionary<string, string> { ["count"] = "5" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var noToken = await _app.CreateClient().PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = _app.AdminToken }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
    }

    [Fact]
    public async Task MintingWithTheSessionAndItsTokenShowsTheNewCodes()
    {
        await LoginAsync(_app.AdminToken);
        var forgery = Forgery(await _browser.GetStringAsync("/admin"));

        using var minted = await _browser.PostAsync("/admin/codes", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrf"] = forgery,
            ["count"] = "4",
            ["label"] = "<b>crew</b>",
        }));

        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var html = await minted.Content.ReadAsStringAsync();
        Assert.Equal(4, CodeLink().Count(html));
        var stats = await new Admin.AdminClient(_app.CreateChannel()).GetCodeStatsAsync(new GetCodeStatsRequest(), _app.AdminHeaders);
        Assert.Equal(4, stats.Outstanding);
        var codes = await new Admin.AdminClient(_app.CreateChannel()).ListCodesAsync(new ListCodesRequest { PageSize = 10 }, _app.AdminHeaders);
        Assert.All(codes.Codes, c => Assert.Equal("<b>crew</b>", c.Label));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("ten")]
    public async Task AnInvalidCountIsExplainedNotMinted(string count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/codes")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["count"] = count }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminToken);

        using var response = await _browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("How many must be a number between 1 and 10,000.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LoggingOutEndsTheSession()
    {
        await LoginAsync(_app.AdminToken);
        var forgery = Forgery(await _browser.GetStringAsync("/admin"));

        using var logout = await _browser.PostAsync("/admin/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = forgery }));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _browser.GetAsync("/admin/attendees.csv")).StatusCode);
        Assert.Contains("Organizer login", await _browser.GetStringAsync("/admin"));
    }

    [Fact]
    public async Task ASessionCookieKeptFromBeforeLogoutNoLongerWorks()
    {
        var login = await LoginAsync(_app.AdminToken);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rollcall_admin=", StringComparison.Ordinal)).Split(';')[0];
        var forgery = Forgery(await _browser.GetStringAsync("/admin"));
        await _browser.PostAsync("/admin/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = forgery }));

        // The session ended on the server, not only in the browser that logged out.
        using var replay = new HttpRequestMessage(HttpMethod.Get, "/admin/attendees.csv");
        replay.Headers.Add("Cookie", cookie);
        using var replayed = await _app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(replay);

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
    }

    [Fact]
    public async Task AdminPagesAreNeverCached()
    {
        using var response = await _browser.GetAsync("/admin");
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    private async Task<HttpResponseMessage> LoginAsync(string token)
    {
        var forgery = Forgery(await _browser.GetStringAsync("/admin"));
        return await _browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = forgery, ["token"] = token }));
    }

    private static string Forgery(string html) => AdminBrowser.Forgery(html);

    [GeneratedRegex(@"<li><a href=""[^""]+\?code=\d+"">\d+</a></li>")]
    private static partial Regex CodeLink();
}
