using System.CommandLine;
using RollCall.Cli;
using RollCall.Testing;
using RollCall.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace RollCall.Web.Tests;

/// <summary>Printed vouchers opened in Chromium: every QR code decodes to its link, and the link registers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VoucherTests(Chromium chromium)
{
    [Fact]
    public async Task EveryVoucherQrCodeDecodesToItsRegistrationLinkAndTheLinkRegisters()
    {
        await using var app = new WebApp();
        using var folder = new TempDirectory();
        var sheet = folder.File("vouchers.html");
        using var output = new StringWriter();
        var server = app.Application.GrpcAddress!.ToString().TrimEnd('/');
        var exit = await RollCallCli.BuildRootCommand()
            .Parse($"code --count 3 --vouchers {sheet} --public-url {app.Url()} --title Meetup --server {server} --token {app.AdminToken}")
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        Assert.True(exit == 0, output.ToString());

        await using var context = await chromium.NewContextAsync(1000, 1400, scale: 2);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(sheet).AbsoluteUri);
        var cards = page.Locator(".card");
        await Expect(cards).ToHaveCountAsync(3);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "vouchers.png"), FullPage = true });

        var links = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var card = cards.Nth(i);
            var code = await card.Locator(".code").TextContentAsync();
            var png = Path.Combine(Chromium.ScreenshotFolder, $"voucher-qr-{i}.png");
            await card.Locator(".qr").ScreenshotAsync(new() { Path = png });

            var decoded = await QrDecoder.DecodeAsync(png);

            Assert.Equal(app.Url($"/?code={code}"), decoded);
            Assert.Equal(decoded, await card.Locator(".qr").GetAttributeAsync("href"));
            links.Add(decoded);
        }

        await page.GotoAsync(links[1]);
        await Expect(page.GetByLabel("Registration code")).Not.ToHaveValueAsync(string.Empty);
        await page.GetByLabel("First name").FillAsync("Ada");
        await page.GetByLabel("Last name").FillAsync("Lovelace");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.Locator("#message")).ToHaveTextAsync("Successfully registered!");
    }
}
