using System.Net;
using System.Text.Json;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Web;

/// <summary>The board's page, QR code and LED frames over plain HTTP.</summary>
public sealed class BoardPageTests
{
    [Fact]
    public async Task TheBoardShowsTheCountTheNewestNamesEncodedAndTheAddressToRegister()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:PublicUrl"] = "https://rollcall.example.org/" });
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 10);
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        for (var i = 0; i < 10; i++)
        {
            await registration.RegisterAsync(new RegisterRequest { FirstName = i == 9 ? "<i>Ada</i>" : $"Guest{i}", LastName = "X", Code = codes[i] });
        }

        var board = await app.CreateClient().GetStringAsync("/board");

        Assert.Contains("<span id=\"count\">10</span>", board);
        Assert.Contains("&lt;i&gt;Ada&lt;/i&gt; X", board);
        Assert.DoesNotContain("<i>Ada</i>", board);
        Assert.Contains("Guest2 X", board);
        Assert.DoesNotContain("Guest1 X", board);
        Assert.Contains("rollcall.example.org</p>", board);
        Assert.DoesNotContain("https://cdn", board);
    }

    [Fact]
    public async Task TheQrCodeIsAnSvgOfThePublicAddressOrOfTheRequest()
    {
        await using var configured = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:PublicUrl"] = "https://rollcall.example.org/event" });
        using var svg = await configured.CreateClient().GetAsync("/board/qr.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", (await svg.Content.ReadAsStringAsync()).TrimStart());
        Assert.Contains("rollcall.example.org/event</p>", await configured.CreateClient().GetStringAsync("/board"));

        await using var derived = new RollCallApplication();
        var client = derived.CreateClient();
        client.DefaultRequestHeaders.Host = "checkin.example.net:8080";
        Assert.Contains("checkin.example.net:8080</p>", await client.GetStringAsync("/board"));
    }

    [Fact]
    public async Task AnInvalidPublicUrlStopsTheServerWithAClearMessage()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:PublicUrl"] = "ftp://example.org/?x=1" });
        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("--public-url must be an absolute http:// or https:// URL", failure.ToString());
    }

    [Fact]
    public async Task TheRoundIsTheAttendanceShowForTheCurrentCount()
    {
        await using var app = new RollCallApplication();
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1))[0];
        await new Registration.RegistrationClient(app.CreateChannel()).RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "L", Code = code });

        var round = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/board/round.json")).RootElement;

        Assert.Equal(1, round.GetProperty("count").GetInt32());
        var steps = round.GetProperty("steps").EnumerateArray().ToList();
        var expected = new RollCall.Matrix.Show.AttendanceShow().Round(1);
        Assert.Equal(expected.Count, steps.Count);
        Assert.Equal(expected.Select(s => s.Frame.ToHex()), steps.Select(s => s.GetProperty("pixels").GetString()));
        Assert.Equal(expected.Select(s => (int)s.Duration.TotalMilliseconds), steps.Select(s => s.GetProperty("durationMs").GetInt32()));
        Assert.Equal(["Attendants", "Gopher", "Heart"], steps.Select(s => s.GetProperty("scene").GetString()).Distinct());
        Assert.Equal(384, round.GetProperty("offline").GetProperty("pixels").GetString()!.Length);
    }

    [Fact]
    public async Task WithPrivateNamesNeitherTheBoardNorItsFramesShowAName()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:PublicNames"] = "false" });
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1))[0];
        await new Registration.RegistrationClient(app.CreateChannel()).RegisterAsync(new RegisterRequest { FirstName = "Secret", LastName = "Agent", Code = code });
        var client = app.CreateClient();

        var board = await client.GetStringAsync("/board");
        var round = await client.GetStringAsync("/board/round.json");
        var welcome = JsonDocument.Parse(await client.GetStringAsync("/board/welcome.json?name=Secret")).RootElement;

        Assert.Contains("<span id=\"count\">1</span>", board);
        Assert.DoesNotContain("Secret", board);
        Assert.DoesNotContain("id=\"attendees\"", board);
        Assert.Equal(1, JsonDocument.Parse(round).RootElement.GetProperty("count").GetInt32());
        // Whatever name is asked for, the welcome is the nameless "Welcome!".
        var show = new RollCall.Matrix.Show.AttendanceShow();
        var frames = welcome.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("pixels").GetString()).ToList();
        Assert.Equal(show.Welcome(string.Empty).Select(s => s.Frame.ToHex()), frames);
        Assert.NotEqual(show.Welcome("Secret").Select(s => s.Frame.ToHex()), frames);
    }

    [Fact]
    public async Task AWelcomeScrollsTheFirstNameAndRefusesAnOverlongOne()
    {
        await using var app = new RollCallApplication();
        var client = app.CreateClient();

        var welcome = JsonDocument.Parse(await client.GetStringAsync("/board/welcome.json?name=Ada")).RootElement;

        var expected = new RollCall.Matrix.Show.AttendanceShow().Welcome("Ada");
        Assert.Equal(expected.Select(s => s.Frame.ToHex()), welcome.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("pixels").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/board/welcome.json?name=" + new string('x', 101))).StatusCode);
    }
}
