using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RollCall.Testing;

namespace RollCall.Server.Tests.Localization;

/// <summary>Which language a visitor gets: ?lang=, then the cookie, then Accept-Language, then the fallback language.</summary>
public sealed class LanguageChoiceTests : IAsyncLifetime
{
    private readonly RollCallApplication _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("es-CO")]
    [InlineData("es-MX")]
    [InlineData("es-ES,es;q=0.9,en;q=0.8")]
    [InlineData("es")]
    public async Task ASpanishSpeakingBrowserGetsTheSpanishPage(string acceptLanguage)
    {
        var page = await GetAsync("/", acceptLanguage);

        Assert.Contains("<html lang=\"es\">", page.Html);
        Assert.Contains("<label for=\"firstName\">Nombre</label>", page.Html);
        Assert.Contains("<button type=\"submit\">Registrarme</button>", page.Html);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("fr-FR,de;q=0.9")]
    [InlineData(null)]
    public async Task AnyOtherBrowserGetsTheEnglishPage(string? acceptLanguage)
    {
        var page = await GetAsync("/", acceptLanguage);

        Assert.Contains("<html lang=\"en\">", page.Html);
        Assert.Contains("<label for=\"firstName\">First name</label>", page.Html);
    }

    [Fact]
    public async Task TheLangQueryBeatsAnEnglishAcceptLanguageAndIsRememberedInALaxCookie()
    {
        var page = await GetAsync("/?lang=es", "en-US");

        Assert.Contains("<html lang=\"es\">", page.Html);
        var cookie = Assert.Single(page.Response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("rollcall_lang=c%3Des%7Cuic%3Des;", cookie);
        Assert.Contains("path=/", cookie);
        Assert.Contains("samesite=lax", cookie);
        Assert.DoesNotContain("httponly", cookie);
    }

    [Fact]
    public async Task TheCookieStaysChosenOnEveryPageWhateverAcceptLanguageSays()
    {
        foreach (var path in new[] { "/", "/attendees", "/board", "/admin", "/no-such-page" })
        {
            var page = await GetAsync(path, "en-US", cookie: "rollcall_lang=c%3Des%7Cuic%3Des");
            Assert.Contains("<html lang=\"es\">", page.Html);
            Assert.DoesNotContain(page.Response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("rollcall_lang=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheLangQueryBeatsTheCookieToo()
    {
        var page = await GetAsync("/attendees?lang=en", "es-CO", cookie: "rollcall_lang=c%3Des%7Cuic%3Des");

        Assert.Contains("<html lang=\"en\">", page.Html);
        Assert.StartsWith("rollcall_lang=c%3Den%7Cuic%3Den;", Assert.Single(page.Response.Headers.GetValues("Set-Cookie")));
    }

    [Fact]
    public async Task AnUnknownLangQueryIsIgnoredAndSetsNoCookie()
    {
        var page = await GetAsync("/?lang=xx", "es-CO");

        Assert.Contains("<html lang=\"es\">", page.Html);
        Assert.False(page.Response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task TheConfiguredDefaultLanguageIsWhatABrowserWithoutASupportedLanguageGets()
    {
        await using var spanish = new RollCallApplication(new Dictionary<string, string?> { ["Localization:DefaultLanguage"] = "es" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("fr-FR");

        var html = await (await spanish.CreateClient().SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"es\">", html);
    }

    [Fact]
    public async Task ThePlainPageIsBuiltOncePerStatusAndLanguage()
    {
        var english = await GetAsync("/", "en");
        var spanish = await GetAsync("/", "es-CO");

        Assert.NotEqual(english.Html, spanish.Html);
        Assert.Equal(english.Html, (await GetAsync("/", "en-GB")).Html);
        Assert.Equal(spanish.Html, (await GetAsync("/", "es-MX")).Html);
        Assert.Contains("data-text-count-other=\"asistentes registrados\"", spanish.Html);
    }

    [Fact]
    public async Task TheOutcomeAfterTheNoScriptRedirectIsShownInSpanish()
    {
        var page = await GetAsync("/?result=used&code=42", "es-CO");

        Assert.Contains(">El código 42 ya fue usado.</p>", page.Html);
        Assert.Contains("value=\"42\"", page.Html);
    }

    [Fact]
    public async Task ThePageScriptGetsItsAnswerInThePageLanguageWithTheFieldToFix()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/register")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["firstName"] = "José", ["lastName"] = "Núñez", ["code"] = "42" }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.AcceptLanguage.ParseAdd("es-CO");

        using var response = await _app.CreateClient().SendAsync(request);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.Equal("El código 42 no es un código válido.", answer.GetProperty("message").GetString());
        Assert.Equal("code", answer.GetProperty("field").GetString());
    }

    [Fact]
    public async Task TheNotFoundPageIsInTheVisitorsLanguageAndScriptsStillGetABare404()
    {
        var page = await GetAsync("/no-such-page", "es-CO");
        using var script = await _app.CreateClient().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, page.Response.StatusCode);
        Assert.Contains("<h2 id=\"not-found-heading\">Página no encontrada</h2>", page.Html);
        Assert.Equal(HttpStatusCode.NotFound, script.StatusCode);
        Assert.Equal(string.Empty, await script.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheAdminDashboardWritesNumbersAsTheLanguageDoes()
    {
        await AdminCalls.MintAsync(_app.CreateChannel(), _app.AdminToken, 1000);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminToken);
        request.Headers.AcceptLanguage.ParseAdd("es-CO");
        using var english = new HttpRequestMessage(HttpMethod.Get, "/admin");
        english.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminToken);

        var spanish = await (await _app.CreateClient().SendAsync(request)).Content.ReadAsStringAsync();
        var inEnglish = await (await _app.CreateClient().SendAsync(english)).Content.ReadAsStringAsync();

        Assert.Contains("<dt>Emitidos</dt><dd id=\"stat-issued\">1.000</dd>", spanish);
        Assert.Contains("<dt>Issued</dt><dd id=\"stat-issued\">1,000</dd>", inEnglish);
    }

    private async Task<(HttpResponseMessage Response, string Html)> GetAsync(string path, string? acceptLanguage, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await _app.CreateClient().SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }
}
