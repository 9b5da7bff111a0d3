using RollCall.Testing;
using RollCall.V1;
using RollCall.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace RollCall.Web.Tests;

/// <summary>Two open pages: whatever registers anywhere shows up on both within two seconds, without reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveUpdateTests(Chromium chromium)
{
    private static readonly LocatorAssertionsToHaveTextOptions _withinTwoSeconds = new() { Timeout = 2_000 };

    [Fact]
    public async Task RegisteringInOnePageUpdatesTheOtherWithinTwoSeconds()
    {
        await using var app = new WebApp();
        var codes = await app.MintAsync(2);
        await using var first = await chromium.NewContextAsync();
        await using var second = await chromium.NewContextAsync();
        var registering = await first.NewPageAsync();
        var watching = await second.NewPageAsync();
        await registering.GotoAsync(app.Url());
        await watching.GotoAsync(app.Url());
        await WaitUntilLiveAsync(app, 2);
        await watching.EvaluateAsync("() => { window.__noReload = true; }");

        await WebApp.FillAndSubmitAsync(registering, "Ada", "Lovelace", codes[0]);

        await Expect(watching.Locator("#count")).ToHaveTextAsync("1", _withinTwoSeconds);
        await Expect(watching.Locator("#attendees li")).ToHaveTextAsync(["Ada Lovelace"], _withinTwoSeconds);

        await app.RegisterOverGrpcAsync("Grace", "Hopper", codes[1]);

        await Expect(watching.Locator("#count")).ToHaveTextAsync("2", _withinTwoSeconds);
        await Expect(registering.Locator("#count")).ToHaveTextAsync("2", _withinTwoSeconds);
        await Expect(watching.Locator("#attendees li")).ToHaveTextAsync(["Grace Hopper", "Ada Lovelace"], _withinTwoSeconds);
        Assert.True(await watching.EvaluateAsync<bool>("() => window.__noReload === true"));
    }

    [Fact]
    public async Task ARevokedRegistrationDisappearsFromOpenPages()
    {
        await using var app = new WebApp();
        var codes = await app.MintAsync(2);
        await app.RegisterOverGrpcAsync("Ada", "Lovelace", codes[0]);
        await app.RegisterOverGrpcAsync("Grace", "Hopper", codes[1]);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url());
        await WaitUntilLiveAsync(app, 1);

        using var channel = app.Application.CreateChannel();
        await new Admin.AdminClient(channel).RevokeCodeAsync(new RevokeCodeRequest { Code = codes[0] }, app.Application.AdminHeaders);

        await Expect(page.Locator("#count")).ToHaveTextAsync("1", _withinTwoSeconds);
        await Expect(page.Locator("#attendees li")).ToHaveTextAsync(["Grace Hopper"], _withinTwoSeconds);
    }

    // Each page holds one /events stream; registering before it is open would test the snapshot, not the push.
    private static Task WaitUntilLiveAsync(WebApp app, int pages) =>
        Eventually.TrueAsync(() => app.Subscribers >= pages, TimeSpan.FromSeconds(10));
}
