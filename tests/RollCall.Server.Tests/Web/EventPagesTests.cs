using System.Net;
using System.Net.Http.Headers;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Web;

/// <summary>Each event's own pages under /e/{slug}/, and the plain pages following the current event.</summary>
public sealed class EventPagesTests
{
    [Fact]
    public async Task AnEventsPagesShowItsTitleItsCountAndItsOwnBoardAddress()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "golang-2026-12", "Golang <Medellín>", "en");
        await CreateAsync(app, "other", "Other", "en");
        var code = (await new Admin.AdminClient(app.CreateChannel()).IssueCodesAsync(new IssueCodesRequest { Count = 1, Event = "other" }, app.AdminHeaders)).Codes[0].Code;
        await new Registration.RegistrationClient(app.CreateChannel()).RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code });
        using var http = app.CreateClient();

        var page = await http.GetStringAsync("/e/other/");
        var current = await http.GetStringAsync("/");
        var attendees = await http.GetStringAsync("/e/other/attendees");
        var board = await http.GetStringAsync("/e/other/board");
        using var noRedirects = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var bare = await noRedirects.GetAsync("/e/other");

        Assert.Contains("<h1>Other</h1>", page);
        Assert.Contains("Ada", page);
        Assert.Contains("<h1>Golang &lt;Medell", current);
        Assert.DoesNotContain("Ada", current);
        Assert.Contains("Lovelace", attendees);
        Assert.Contains("/e/other/", board);
        Assert.Equal(HttpStatusCode.Found, bare.StatusCode);
        Assert.Equal("/e/other/", bare.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnUnknownSlugIsThe404PageForABrowserAndAPlain404ForAScript()
    {
        await using var app = new RollCallApplication();
        using var http = app.CreateClient();
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/e/nope/");
        browser.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var page = await http.SendAsync(browser);
        using var script = await http.GetAsync("/e/nope/events");
        using var board = await http.GetAsync("/e/Not%20A%20Slug/board");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, script.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, board.StatusCode);
    }

    [Fact]
    public async Task AnEventsLiveStreamCarriesOnlyItsOwnChanges()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "first", "First", "en");
        await CreateAsync(app, "second", "Second", "en");
        var admin = new Admin.AdminClient(app.CreateChannel());
        var firstCode = (await admin.IssueCodesAsync(new IssueCodesRequest { Count = 1, Event = "first" }, app.AdminHeaders)).Codes[0].Code;
        var secondCode = (await admin.IssueCodesAsync(new IssueCodesRequest { Count = 1, Event = "second" }, app.AdminHeaders)).Codes[0].Code;
        using var http = app.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.GetAsync("/e/second/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var snapshot = await NextDataAsync(reader, timeout.Token);

        var registration = new Registration.RegistrationClient(app.CreateChannel());
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = firstCode });
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = secondCode });
        var change = await NextDataAsync(reader, timeout.Token);

        Assert.Contains("\"count\":0", snapshot);
        Assert.Contains("Grace", change);
        Assert.DoesNotContain("Ada", change);
    }

    [Fact]
    public async Task ASpanishEventsPageIsSpanishUnlessTheBrowserAsksForEnglish()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "golang", "Golang Medellín", "es");
        using var http = app.CreateClient();
        using var english = new HttpRequestMessage(HttpMethod.Get, "/e/golang/");
        english.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en-US"));

        var spanish = await http.GetStringAsync("/e/golang/");
        var asked = await (await http.SendAsync(english)).Content.ReadAsStringAsync();
        var round = await http.GetStringAsync("/e/golang/board/round.json");

        Assert.Contains("<html lang=\"es\"", spanish);
        Assert.Contains("<html lang=\"en\"", asked);
        Assert.Contains("\"count\":0", round);
    }

    [Fact]
    public async Task ThePlainPageShowsTheNewTitleAtOnceAfterTheOrganizerRenamesTheEvent()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "golang", "Golang", "en");
        using var http = app.CreateClient();
        var before = await http.GetStringAsync("/");

        await new Events.EventsClient(app.CreateChannel()).UpdateEventAsync(
            new UpdateEventRequest { Event = new Event { Slug = "golang", Title = "Golang Medellín" }, UpdateMask = Google.Protobuf.WellKnownTypes.FieldMask.FromString("title") },
            app.AdminHeaders);
        var after = await http.GetStringAsync("/");
        var pinned = await http.GetStringAsync("/e/golang/");

        Assert.Contains("<h1>Golang</h1>", before);
        Assert.Contains("<h1>Golang Medellín</h1>", after);
        Assert.Contains("<h1>Golang Medellín</h1>", pinned);
    }

    [Fact]
    public async Task TwoEventsWithoutAttendeesEachShowTheirOwnPageAndBoardShow()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "current", "Current", "en");
        await CreateAsync(app, "english", "English night", "en");
        await CreateAsync(app, "other", "Other night", "en");
        await CreateAsync(app, "spanish", "Noche en español", "es");
        using var http = app.CreateClient();

        var english = await http.GetStringAsync("/e/english/");
        var other = await http.GetStringAsync("/e/other/");
        var spanish = await http.GetStringAsync("/e/spanish/");
        var englishRound = await http.GetStringAsync("/e/english/board/round.json");
        var spanishRound = await http.GetStringAsync("/e/spanish/board/round.json");

        Assert.Contains("<h1>English night</h1>", english);
        Assert.Contains("<h1>Other night</h1>", other);
        Assert.Contains("<h1>Noche en español</h1>", spanish);
        Assert.NotEqual(englishRound, spanishRound);
    }

    [Fact]
    public async Task AnEventsPageLinksToItsOwnFolderOnceAnotherEventIsCurrent()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "first", "First", "en");
        await CreateAsync(app, "second", "Second", "en");
        using var http = app.CreateClient();
        var whileCurrent = await http.GetStringAsync("/e/first/");

        await new Events.EventsClient(app.CreateChannel()).SetCurrentEventAsync(new SetCurrentEventRequest { Event = "second" }, app.AdminHeaders);
        var afterSwitch = await http.GetStringAsync("/e/first/");
        var plain = await http.GetStringAsync("/");

        Assert.NotEqual(whileCurrent, afterSwitch);
        Assert.Contains("/e/first/", afterSwitch);
        Assert.Contains("<h1>Second</h1>", plain);
    }

    [Fact]
    public async Task AnEventsAttendeeListPagesOnWithinThatEvent()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "current", "Current", "en");
        await CreateAsync(app, "big", "Big", "en");
        var codes = (await new Admin.AdminClient(app.CreateChannel()).IssueCodesAsync(new IssueCodesRequest { Count = 101, Event = "big" }, app.AdminHeaders)).Codes;
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        await Task.WhenAll(codes.Select(async (c, i) =>
            await registration.RegisterAsync(new RegisterRequest { FirstName = "Attendee", LastName = $"No {i}", Code = c.Code })));
        using var http = app.CreateClient();

        var first = await http.GetStringAsync("/e/big/attendees");
        var next = System.Text.RegularExpressions.Regex.Match(first, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value;
        var second = await http.GetStringAsync(new Uri(new Uri("http://localhost/e/big/attendees"), System.Net.WebUtility.HtmlDecode(next)).PathAndQuery);

        Assert.Equal("attendees?after=100", next);
        Assert.Contains("<ol class=\"names\" start=\"101\"", second);
    }

    [Fact]
    public async Task MakingAnEventsNamesPrivateTakesThemOffItsPageAndLiveStreamAtOnce()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "meetup", "Meetup", "en");
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1))[0];
        await new Registration.RegistrationClient(app.CreateChannel()).RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code });
        using var http = app.CreateClient();
        var publicPage = await http.GetStringAsync("/");
        var publicSnapshot = await FirstDataAsync(http, "/events");

        await new Events.EventsClient(app.CreateChannel()).UpdateEventAsync(
            new UpdateEventRequest { Event = new Event { Slug = "meetup", PublicNames = false }, UpdateMask = Google.Protobuf.WellKnownTypes.FieldMask.FromString("public_names") },
            app.AdminHeaders);
        var privatePage = await http.GetStringAsync("/");
        var privateSnapshot = await FirstDataAsync(http, "/e/meetup/events");

        Assert.Contains("Lovelace", publicPage);
        Assert.Contains("Lovelace", publicSnapshot);
        Assert.DoesNotContain("Lovelace", privatePage);
        Assert.DoesNotContain("Lovelace", privateSnapshot);
        Assert.Contains("\"count\":1", privateSnapshot);
    }

    private static async Task<string> FirstDataAsync(HttpClient http, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        return await NextDataAsync(reader, timeout.Token);
    }

    private static async Task<string> NextDataAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }

    private static async Task CreateAsync(RollCallApplication app, string slug, string title, string language) =>
        await new Events.EventsClient(app.CreateChannel())
            .CreateEventAsync(new CreateEventRequest { Event = new Event { Slug = slug, Title = title, Language = language } }, app.AdminHeaders);
}
