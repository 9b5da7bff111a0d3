using System.Text.RegularExpressions;
using RollCall.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace RollCall.Web.Tests;

/// <summary>Every page in English and in Spanish: a phone's own language, the switch, and the cookie that keeps it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LanguageTests(Chromium chromium)
{
    public static TheoryData<string, string, string> Pages => new()
    {
        { "/", "en", "Register" },
        { "/", "es", "Regístrate" },
        { "/attendees", "en", "Everyone who registered" },
        { "/attendees", "es", "Todas las personas registradas" },
        { "/board", "en", "Scan to register" },
        { "/board", "es", "Escanea para registrarte" },
        { "/admin", "en", "Organizer login" },
        { "/admin", "es", "Acceso para organizadores" },
        { "/no-such-page", "en", "Page not found" },
        { "/no-such-page", "es", "Página no encontrada" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryPageSpeaksTheBrowsersLanguage(string path, string language, string heading)
    {
        await using var app = new WebApp();
        await using var context = await chromium.NewContextAsync(locale: language == "es" ? "es-CO" : "en-US");
        var page = await context.NewPageAsync();

        await page.GotoAsync(app.Url(path));

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ASpanishPhoneRegistersWithJavaScriptAndReadsEveryMessageInSpanish()
    {
        await using var app = new WebApp();
        var code = (await app.MintAsync(1))[0];
        await using var context = await chromium.NewContextAsync(locale: "es-CO");
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url());
        await Expect(page.Locator("#count-label")).ToHaveTextAsync("asistentes registrados");

        await FillAndSubmitInSpanishAsync(page, "José", "Núñez", code);

        await Expect(page.Locator("#message")).ToHaveTextAsync("¡Registro exitoso!");
        await Expect(page.Locator("#count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#count-label")).ToHaveTextAsync("asistente registrado");
        await Expect(page.Locator("#attendees li")).ToHaveTextAsync(["José Núñez"]);
        Assert.Matches(new Regex("/$"), page.Url);

        await FillAndSubmitInSpanishAsync(page, "María", "Gómez", code);

        await Expect(page.Locator("#message")).ToHaveTextAsync($"El código {code} ya fue usado.");
        await Expect(page.GetByLabel("Código de registro")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Código de registro")).ToHaveAttributeAsync("aria-invalid", "true");

        await FillAndSubmitInSpanishAsync(page, "María", "", "42");

        await Expect(page.Locator("#message")).ToHaveTextAsync("Por favor, llena todos los campos.");
        await Expect(page.GetByLabel("Apellido")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task ASpanishPhoneRegistersWithoutJavaScriptAndReadsEveryMessageInSpanish()
    {
        await using var app = new WebApp();
        var code = (await app.MintAsync(1))[0];
        await using var context = await chromium.NewContextAsync(javaScript: false, locale: "es-CO");
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url());

        await FillAndSubmitInSpanishAsync(page, "José", "Núñez", code);

        await Expect(page).ToHaveURLAsync(new Regex("[?&]result=registered\\b"), new() { Timeout = 30_000 });
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.Locator("#message")).ToHaveTextAsync("¡Registro exitoso!");
        await Expect(page.Locator("#count-label")).ToHaveTextAsync("asistente registrado");
        await Expect(page.Locator("#attendees li")).ToHaveTextAsync(["José Núñez"]);

        await FillAndSubmitInSpanishAsync(page, "María", "Gómez", code);

        await Expect(page).ToHaveURLAsync(new Regex("[?&]result=used\\b"), new() { Timeout = 30_000 });
        await Expect(page.Locator("#message")).ToHaveTextAsync($"El código {code} ya fue usado.");
        await Expect(page.GetByLabel("Código de registro")).ToHaveValueAsync(code);
    }

    [Fact]
    public async Task TheLanguageSwitchBeatsTheBrowsersLanguageAndSticksAcrossPages()
    {
        await using var app = new WebApp();
        await using var context = await chromium.NewContextAsync(locale: "en-US");
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url());
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GetByRole(AriaRole.Link, new() { Name = "Español" }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Registrarme" })).ToBeVisibleAsync();
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "rollcall_lang");
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);

        // Plain links, no ?lang= any more: the cookie carries the choice.
        await page.GotoAsync(app.Url("/attendees"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Todas las personas registradas" })).ToBeVisibleAsync();
        await page.GotoAsync(app.Url("/board"));
        await Expect(page.Locator("#count-label")).ToHaveTextAsync("asistentes registrados");
        await page.GotoAsync(app.Url("/admin"));
        await Expect(page.GetByLabel("Token de administración")).ToBeVisibleAsync();

        // And in a new tab of the same browser, after the switch back.
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByLabel("Admin token")).ToBeVisibleAsync();
        var tab = await context.NewPageAsync();
        await tab.GotoAsync(app.Url());
        await Expect(tab.Locator("html")).ToHaveAttributeAsync("lang", "en");
    }

    [Fact]
    public async Task AnOrganizerWorksTheAdminPageInSpanish()
    {
        await using var app = new WebApp();
        await app.MintAsync(1000);
        await using var context = await chromium.NewContextAsync(1024, 768, locale: "es-ES");
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url("/admin"));

        await page.GetByLabel("Token de administración").FillAsync("not-the-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.Locator("#message")).ToHaveTextAsync("El token de administración no es válido.");

        await page.GetByLabel("Token de administración").FillAsync(app.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();

        await Expect(page.Locator("#stat-issued")).ToHaveTextAsync("1.000");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Crear códigos" })).ToBeVisibleAsync();
        await page.GetByLabel("Cuántos").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear", Exact = true }).ClickAsync();
        await Expect(page.Locator("#message")).ToHaveTextAsync("Cuántos debe ser un número entre 1 y 10.000.");

        await page.GetByLabel("Cuántos").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2 códigos nuevos" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Volver al panel" }).ClickAsync();
        await Expect(page.Locator("#stat-issued")).ToHaveTextAsync("1.002");
        await page.GetByRole(AriaRole.Button, new() { Name = "Salir" }).ClickAsync();
        await Expect(page.GetByLabel("Token de administración")).ToBeVisibleAsync();
    }

    private static async Task FillAndSubmitInSpanishAsync(IPage page, string first, string last, string code)
    {
        await page.GetByLabel("Nombre").FillAsync(first);
        await page.GetByLabel("Apellido").FillAsync(last);
        await page.GetByLabel("Código de registro").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrarme" }).ClickAsync();
    }
}
