using System.Text;
using RollCall.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace RollCall.Web.Tests;

/// <summary>The organizer's page in a browser: log in with the token, counts, mint, CSV, log out.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminPageTests(Chromium chromium)
{
    [Fact]
    public async Task AnOrganizerLogsInSeesTheCountsMintsCodesAndDownloadsTheCsv()
    {
        await using var app = new WebApp();
        var codes = await app.MintAsync(2);
        await app.RegisterOverGrpcAsync("=HYPERLINK(\"http://evil\")", "Lovelace", codes[0]);
        await using var context = await chromium.NewContextAsync(1024, 768, acceptDownloads: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url("/admin"));

        await page.GetByLabel("Admin token").FillAsync(app.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(page.Locator("#stat-issued")).ToHaveTextAsync("2");
        await Expect(page.Locator("#stat-redeemed")).ToHaveTextAsync("1");
        await Expect(page.Locator("#stat-outstanding")).ToHaveTextAsync("1");
        await Expect(page.Locator("#stat-attendees")).ToHaveTextAsync("1");
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "rollcall_admin");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain("rollcall_admin", await page.EvaluateAsync<string>("() => document.cookie"));
        Assert.DoesNotContain(app.AdminToken, await page.ContentAsync());

        await page.GetByLabel("How many").FillAsync("3");
        await page.GetByLabel("Label (optional)").FillAsync("speakers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mint" }).ClickAsync();
        await Expect(page.Locator("#minted li")).ToHaveCountAsync(3);
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the dashboard" }).ClickAsync();
        await Expect(page.Locator("#stat-issued")).ToHaveTextAsync("5");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "admin.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("number,first_name,last_name,code,label,registered_at", lines[0]);
        Assert.StartsWith($"1,\"'=HYPERLINK(\"\"http://evil\"\")\",\"Lovelace\",{codes[0]},", lines[1]);
        Assert.EndsWith(".csv", download.SuggestedFilename);

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page.GetByLabel("Admin token")).ToBeVisibleAsync();
        var afterLogout = await context.APIRequest.GetAsync(app.Url("/admin/attendees.csv"));
        Assert.Equal(401, afterLogout.Status);
    }

    [Fact]
    public async Task AWrongTokenIsRejectedAndGetsNoSession()
    {
        await using var app = new WebApp();
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url("/admin"));

        await page.GetByLabel("Admin token").FillAsync("not-the-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(page.Locator("#message")).ToHaveTextAsync("The admin token is not valid.");
        await Expect(page.GetByLabel("Admin token")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "rollcall_admin");
        Assert.Equal(401, (await context.APIRequest.GetAsync(app.Url("/admin/attendees.csv"))).Status);
    }
}
