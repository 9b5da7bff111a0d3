using RollCall.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace RollCall.Web.Tests;

/// <summary>The page with the keyboard alone: tab order, visible focus, focus after submitting.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(Chromium chromium)
{
    private const string Focused = "() => { const e = document.activeElement; return e.id || (e.tagName.toLowerCase() + ':' + (e.getAttribute('type') || '')); }";

    [Fact]
    public async Task TabReachesFirstNameLastNameCodeThenRegisterWithAVisibleFocusRing()
    {
        await using var app = new WebApp();
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url());

        var order = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            order.Add(await page.EvaluateAsync<string>(Focused));
        }

        Assert.Equal(["firstName", "lastName", "code", "button:submit"], order);
        Assert.Equal("solid", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        Assert.True(await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.activeElement).outlineWidth)") >= 2);
    }

    [Fact]
    public async Task RegisteringByKeyboardPutsFocusOnTheMessageOrOnTheFieldToFix()
    {
        await using var app = new WebApp();
        var code = (await app.MintAsync(1))[0];
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url());

        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Ada");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Lovelace");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#message")).ToHaveTextAsync("Successfully registered!");
        await Expect(page.Locator("#message")).ToBeFocusedAsync();
        await Expect(page.Locator("#message")).ToHaveAttributeAsync("role", "status");

        // Shift+Tab from the message goes back into the form, ready for the next attendee.
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("button:submit", await page.EvaluateAsync<string>(Focused));
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#message")).ToHaveTextAsync("Please fill all fields.");
        await Expect(page.GetByLabel("First name")).ToBeFocusedAsync();
    }
}
