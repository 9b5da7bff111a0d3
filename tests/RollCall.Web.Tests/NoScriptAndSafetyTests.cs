using System.Text.RegularExpressions;
using RollCall.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace RollCall.Web.Tests;

/// <summary>The page without JavaScript, and hostile names on the page and the board.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NoScriptAndSafetyTests(Chromium chromium)
{
    private const string ImageTag = "<img src=x onerror=\"window.__xss=1\">";
    private const string ScriptTag = "<script>window.__xss=1</script>";

    [Fact]
    public async Task WithJavaScriptOffTheFormStillRegistersByPostAndRedirect()
    {
        await using var app = new WebApp();
        var code = (await app.MintAsync(1))[0];
        await using var context = await chromium.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url());

        await WebApp.FillAndSubmitAsync(page, "Ada", "Lovelace", code);

        await Expect(page).ToHaveURLAsync(new Regex("[?&]result=registered\\b"), new() { Timeout = 30_000 });
        await Expect(page.Locator("#message")).ToHaveTextAsync("Successfully registered!");
        await Expect(page.Locator("#count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#attendees li")).ToHaveTextAsync(["Ada Lovelace"]);

        await WebApp.FillAndSubmitAsync(page, "Grace", "Hopper", code);

        await Expect(page).ToHaveURLAsync(new Regex("[?&]result=used\\b"), new() { Timeout = 30_000 });
        await Expect(page.Locator("#message")).ToHaveTextAsync($"The code {code} has already been used.");
        await Expect(page.GetByLabel("Registration code")).ToHaveValueAsync(code);
    }

    [Fact]
    public async Task HostileNamesRenderAsTextNotMarkupOnThePageAndTheBoard()
    {
        await using var app = new WebApp();
        var codes = await app.MintAsync(2);
        await using var context = await chromium.NewContextAsync(1280, 720);
        var page = await context.NewPageAsync();
        var board = await context.NewPageAsync();
        await page.GotoAsync(app.Url());
        await board.GotoAsync(app.Url("/board"));
        await Expect(board.Locator("#count")).ToHaveTextAsync("0");

        // One arrives through the form, one through gRPC; both reach the open pages live.
        await WebApp.FillAndSubmitAsync(page, ImageTag, "Tag", codes[0]);
        await Expect(page.Locator("#message")).ToHaveTextAsync("Successfully registered!");
        await app.RegisterOverGrpcAsync(ScriptTag, "Block", codes[1]);
        await AssertRenderedAsTextAsync(page);
        await AssertRenderedAsTextAsync(board);

        // And as the server renders them on a fresh load.
        await page.ReloadAsync();
        await board.ReloadAsync();
        await AssertRenderedAsTextAsync(page);
        await AssertRenderedAsTextAsync(board);
    }

    private static async Task AssertRenderedAsTextAsync(IPage page)
    {
        var names = page.Locator("#attendees li");
        await Expect(names).ToHaveTextAsync([ScriptTag + " Block", ImageTag + " Tag"], new() { Timeout = 5_000 });
        await Expect(page.Locator("#attendees img")).ToHaveCountAsync(0);
        await Expect(page.Locator("#attendees script")).ToHaveCountAsync(0);
        await Expect(names.First).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__xss === 'undefined'"));
    }
}
