using RollCall.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace RollCall.Web.Tests;

/// <summary>The registration page on a phone-sized screen: register, errors, live updates, no reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RegistrationPageTests(Chromium chromium)
{
    [Fact]
    public async Task RegisteringOnAPhoneShowsSuccessCountsAndNamesWithoutReloading()
    {
        await using var app = new WebApp();
        var code = (await app.MintAsync(1))[0];
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url());
        await Expect(page.Locator("#count")).ToHaveTextAsync("0");
        await page.EvaluateAsync("() => { window.__beforeSubmit = 'still here'; }");

        await WebApp.FillAndSubmitAsync(page, "Ada", "Lovelace", code);

        await Expect(page.Locator("#message")).ToHaveTextAsync("Successfully registered!");
        await Expect(page.Locator("#count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#count-label")).ToHaveTextAsync("attendee registered");
        await Expect(page.Locator("#attendees li")).ToHaveTextAsync(["Ada Lovelace"]);
        Assert.Equal("still here", await page.EvaluateAsync<string>("() => window.__beforeSubmit"));
        Assert.Equal(app.Url(), page.Url);
        await Expect(page.GetByLabel("Registration code")).ToHaveValueAsync(string.Empty);
    }

    [Fact]
    public async Task EachMessageOfTheSeedContractAppearsOnThePageAndFocusGoesToTheFieldToFix()
    {
        await using var app = new WebApp();
        var code = (await app.MintAsync(1))[0];
        await app.RegisterOverGrpcAsync("Grace", "Hopper", code);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url());
        var message = page.Locator("#message");

        await WebApp.FillAndSubmitAsync(page, "Ada", string.Empty, "42");
        await Expect(message).ToHaveTextAsync("Please fill all fields.");
        await Expect(page.GetByLabel("Last name")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Last name")).ToHaveAttributeAsync("aria-invalid", "true");

        await WebApp.FillAndSubmitAsync(page, "Ada", "Lovelace", code);
        await Expect(message).ToHaveTextAsync($"The code {code} has already been used.");
        await Expect(page.GetByLabel("Registration code")).ToBeFocusedAsync();

        await WebApp.FillAndSubmitAsync(page, "Ada", "Lovelace", "42");
        await Expect(message).ToHaveTextAsync("The code 42 is not a valid code.");
        await Expect(message).ToHaveClassAsync("message error");
        await Expect(page.GetByLabel("Registration code")).ToBeFocusedAsync();
        await Expect(page.Locator("#count")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task AVoucherLinkFillsInTheCodeAndTheFormIsClearedAfterRegistering()
    {
        await using var app = new WebApp();
        var code = (await app.MintAsync(1))[0];
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(app.Url($"/?code={code}"));
        await Expect(page.GetByLabel("Registration code")).ToHaveValueAsync(code);
        await Expect(page.GetByLabel("Registration code")).ToHaveAttributeAsync("inputmode", "numeric");
        await page.GetByLabel("First name").FillAsync("Ada");
        await page.GetByLabel("Last name").FillAsync("Lovelace");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await Expect(page.Locator("#message")).ToHaveTextAsync("Successfully registered!");
        await Expect(page.Locator("#message")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Registration code")).ToHaveValueAsync(string.Empty);
        await Expect(page.GetByLabel("First name")).ToHaveValueAsync(string.Empty);
    }
}
