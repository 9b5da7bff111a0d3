using System.Text.RegularExpressions;
using RollCall.Testing;
using RollCall.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace RollCall.Web.Tests;

/// <summary>
/// Each event's own pages under /e/{slug}/ in a browser: registering lands in that event, its page
/// and board follow only its own changes, and the plain page follows the current event.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EventPagesTests(Chromium chromium)
{
    private static readonly LocatorAssertionsToHaveTextOptions _withinTwoSeconds = new() { Timeout = 2_000 };

    [Fact]
    public async Task RegisteringOnAnEventsPageLandsInThatEventWithAndWithoutJavaScript()
    {
        await using var app = new WebApp();
        await app.CreateEventAsync("tonight", "Tonight");
        await app.CreateEventAsync("next-month", "Next month");
        var codes = await app.MintAsync("next-month", 2);
        await using var scripted = await chromium.NewContextAsync();
        await using var plain = await chromium.NewContextAsync(javaScript: false);
        var withScript = await scripted.NewPageAsync();
        var withoutScript = await plain.NewPageAsync();

        await withScript.GotoAsync(app.Url("/e/next-month/"));
        await Expect(withScript.Locator("h1")).ToHaveTextAsync("Next month");
        await WebApp.FillAndSubmitAsync(withScript, "Ada", "Lovelace", codes[0]);
        await Expect(withScript.Locator("#message")).ToHaveTextAsync("Successfully registered!");
        await Expect(withScript.Locator("#count")).ToHaveTextAsync("1", _withinTwoSeconds);

        await withoutScript.GotoAsync(app.Url("/e/next-month/"));
        await WebApp.FillAndSubmitAsync(withoutScript, "Grace", "Hopper", codes[1]);
        await Expect(withoutScript).ToHaveURLAsync(new Regex("/e/next-month/\\?result=registered\\b"), new() { Timeout = 30_000 });
        await Expect(withoutScript.Locator("h1")).ToHaveTextAsync("Next month");
        await Expect(withoutScript.Locator("#message")).ToHaveTextAsync("Successfully registered!");
        await Expect(withoutScript.Locator("#count")).ToHaveTextAsync("2");
        await Expect(withoutScript.Locator("#attendees li")).ToHaveTextAsync(["Grace Hopper", "Ada Lovelace"]);

        Assert.Equal((2, 0), (await app.CountAsync("next-month"), await app.CountAsync("tonight")));
    }

    [Fact]
    public async Task WithoutEventSourceAnEventsPageShowsItsOwnCountAfterRegistering()
    {
        await using var app = new WebApp();
        await app.CreateEventAsync("tonight", "Tonight");
        await app.CreateEventAsync("next-month", "Next month");
        var codes = await app.MintAsync("next-month", 1);
        await using var context = await chromium.NewContextAsync();
        await context.AddInitScriptAsync("delete window.EventSource;");
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url("/e/next-month/"));

        await WebApp.FillAndSubmitAsync(page, "Ada", "Lovelace", codes[0]);

        await Expect(page.Locator("#message")).ToHaveTextAsync("Successfully registered!");
        await Expect(page.Locator("#count")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task AnEventsPageAndBoardUpdateLiveWithItsOwnRegistrationsAndNeverAnotherEvents()
    {
        await using var app = new WebApp();
        await app.CreateEventAsync("tonight", "Tonight");
        await app.CreateEventAsync("workshop", "Workshop");
        var tonight = await app.MintAsync("tonight", 2);
        var workshop = await app.MintAsync("workshop", 1);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var board = await context.NewPageAsync();
        await page.GotoAsync(app.Url("/e/workshop/"));
        await board.GotoAsync(app.Url("/e/workshop/board"));
        await Eventually.TrueAsync(() => app.SubscribersOf("workshop") >= 2, TimeSpan.FromSeconds(10));

        await app.RegisterOverGrpcAsync("Ada", "Lovelace", tonight[0]);
        await app.RegisterOverGrpcAsync("Grace", "Hopper", workshop[0]);
        await app.RegisterOverGrpcAsync("Alan", "Turing", tonight[1]);

        await Expect(page.Locator("#attendees li")).ToHaveTextAsync(["Grace Hopper"], _withinTwoSeconds);
        await Expect(board.Locator("#attendees li")).ToHaveTextAsync(["Grace Hopper"], _withinTwoSeconds);
        await Expect(page.Locator("#count")).ToHaveTextAsync("1");
        await Expect(board.Locator("#count")).ToHaveTextAsync("1");
        var everyone = await context.NewPageAsync();
        await everyone.GotoAsync(app.Url("/e/workshop/attendees"));
        await Expect(everyone.Locator("ol.names li")).ToHaveTextAsync(["Grace Hopper"]);
        Assert.DoesNotContain("Lovelace", await page.ContentAsync() + await board.ContentAsync() + await everyone.ContentAsync());
        Assert.DoesNotContain("Turing", await page.ContentAsync() + await board.ContentAsync() + await everyone.ContentAsync());
    }

    [Fact]
    public async Task ThePlainPageFollowsTheCurrentEventAfterTheOrganizerSwitches()
    {
        await using var app = new WebApp();
        await app.CreateEventAsync("october", "October");
        await app.CreateEventAsync("november", "November");
        var october = await app.MintAsync("october", 1);
        var november = await app.MintAsync("november", 1);
        await app.RegisterOverGrpcAsync("Ada", "Lovelace", october[0]);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url());
        await Expect(page.Locator("h1")).ToHaveTextAsync("October");
        await Expect(page.Locator("#count")).ToHaveTextAsync("1");
        await Eventually.TrueAsync(() => app.SubscribersOf("october") >= 1, TimeSpan.FromSeconds(10));

        await app.SetCurrentEventAsync("november");

        // The plain stream ends on the switch; the browser reconnects to the new current event.
        await Eventually.TrueAsync(() => app.SubscribersOf("november") >= 1, TimeSpan.FromSeconds(10));
        await Expect(page.Locator("#count")).ToHaveTextAsync("0", _withinTwoSeconds);
        await app.RegisterOverGrpcAsync("Grace", "Hopper", november[0]);
        await Expect(page.Locator("#count")).ToHaveTextAsync("1", _withinTwoSeconds);
        await Expect(page.Locator("#attendees li")).ToHaveTextAsync(["Grace Hopper"], _withinTwoSeconds);
        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("November");
        await Expect(page.Locator("#attendees li")).ToHaveTextAsync(["Grace Hopper"]);
    }
}
