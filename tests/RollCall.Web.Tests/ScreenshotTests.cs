using RollCall.Testing;
using RollCall.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace RollCall.Web.Tests;

/// <summary>
/// Screenshots of the page on a phone and of the board, kept with the test results (bin/…/screenshots).
/// With ROLLCALL_UPDATE_DOCS=1 they also replace docs/page.png and docs/board.png, which the README shows.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(Chromium chromium)
{
    private static readonly string[][] _names =
    [
        ["Ada", "Lovelace"], ["Grace", "Hopper"], ["Linus", "Torvalds"], ["Margaret", "Hamilton"], ["Rob", "Pike"],
    ];

    [Fact]
    public async Task ThePageOnAPhoneAndTheBoardAreCaptured()
    {
        await using var app = new WebApp(new Dictionary<string, string?> { ["RollCall:PublicUrl"] = "https://rollcall.example.org/" });
        var codes = await app.MintAsync(_names.Length + 1);
        for (var i = 0; i < _names.Length; i++)
        {
            await app.RegisterOverGrpcAsync(_names[i][0], _names[i][1], codes[i]);
        }

        await using var phone = await chromium.NewContextAsync(390, 844, scale: 2);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(app.Url());
        await WebApp.FillAndSubmitAsync(page, "Ken", "Thompson", codes[^1]);
        await Expect(page.Locator("#message")).ToHaveTextAsync("Successfully registered!");
        await Expect(page.Locator("#attendees li").First).ToHaveTextAsync("Ken Thompson");
        var pagePng = await SaveAsync(page, "page.png", fullPage: true);

        await using var projector = await chromium.NewContextAsync(1280, 720);
        var board = await projector.NewPageAsync();
        await board.GotoAsync(app.Url("/board"));
        await Expect(board.Locator("#count")).ToHaveTextAsync("6");
        // A moment in the red scroll, with a few columns of text on the matrix.
        await board.WaitForFunctionAsync("() => document.getElementById('matrix').dataset.scene === 'Attendants' && Number(document.getElementById('matrix').dataset.frames) > 12");
        var boardPng = await SaveAsync(board, "board.png", fullPage: false);

        Assert.True(new FileInfo(pagePng).Length > 10_000);
        Assert.True(new FileInfo(boardPng).Length > 10_000);
        if (Environment.GetEnvironmentVariable("ROLLCALL_UPDATE_DOCS") == "1")
        {
            File.Copy(pagePng, Path.Combine(RepositoryPaths.Root, "docs", "page.png"), overwrite: true);
            File.Copy(boardPng, Path.Combine(RepositoryPaths.Root, "docs", "board.png"), overwrite: true);
        }
    }

    private static async Task<string> SaveAsync(IPage page, string name, bool fullPage)
    {
        var path = Path.Combine(Chromium.ScreenshotFolder, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
        return path;
    }
}
