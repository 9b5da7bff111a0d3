using System.Globalization;
using System.Net.Http.Headers;
using System.Resources;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using RollCall.Server.Application;
using RollCall.Server.Web;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Localization;

/// <summary>
/// No English left on a Spanish page: every text has a Spanish value, and every view asks only for
/// texts that exist. A third language is one more InlineData on each theory.
/// </summary>
public sealed class ResourceCompletenessTests
{
    private static readonly ResourceManager _texts = new(typeof(WebTexts).FullName!, typeof(WebTexts).Assembly);

    [Theory]
    [InlineData("es")]
    public void EveryEnglishTextHasATextInTheOtherLanguageAndThatLanguageHasNoOthers(string language)
    {
        var english = Entries(CultureInfo.InvariantCulture);
        var other = Entries(CultureInfo.GetCultureInfo(language));

        Assert.NotEmpty(english);
        Assert.Empty(english.Keys.Except(other.Keys));
        Assert.Empty(other.Keys.Except(english.Keys));
        Assert.All(other, entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), entry.Key));
        // The same placeholders in both, so no argument is lost or made up in translation.
        Assert.All(english, entry => Assert.Equal(Placeholders(entry.Value), Placeholders(other[entry.Key])));
    }

    [Theory]
    [InlineData("es")]
    public async Task EveryViewRenderedInAnotherLanguageFindsEachOfItsTextsInThatLanguage(string language)
    {
        var misses = new RecordedMisses();
        await using var app = new RollCallApplication(configureServices: services =>
        {
            services.AddSingleton<ResourceManagerStringLocalizerFactory>();
            services.AddSingleton<IStringLocalizerFactory>(sp => new StrictLocalizerFactory(sp.GetRequiredService<ResourceManagerStringLocalizerFactory>(), misses));
        });
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 2);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        // Every page before and after the first attendee (the empty list says so), every no-JavaScript outcome.
        var pages = new List<string> { "/", "/attendees", "/board", "/admin", "/no-such-page" };
        pages.AddRange(PageOutcomes.Keys.Select(key => $"/?result={key}&code=42"));
        await RenderAllAsync(browser, pages, language);
        await new Registration.RegistrationClient(app.CreateChannel()).RegisterAsync(new RegisterRequest { FirstName = "José", LastName = "Núñez", Code = codes[0] });
        await RenderAllAsync(browser, ["/", "/attendees", "/board", "/?code=42"], language);

        // The page's script answers: each kind of outcome.
        foreach (var (first, code) in new[] { ("Ada", codes[1]), ("Ada", codes[1]), (string.Empty, "42"), ("Ada", "42"), (new string('x', 200), "42") })
        {
            using var post = Request(HttpMethod.Post, "/register", "application/json");
            post.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["firstName"] = first, ["lastName"] = "Lovelace", ["code"] = code });
            (await browser.SendAsync(post)).Dispose();
        }

        // The admin pages: login refusals, the dashboard, a refused order, the minted codes.
        foreach (var token in new[] { string.Empty, "not-the-token" })
        {
            using var login = Request(HttpMethod.Post, "/admin/login");
            login.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token });
            (await browser.SendAsync(login)).Dispose();
        }

        foreach (var (count, label) in new[] { ("0", ""), ("1", new string('l', 200)), ("1", "a\u0001b"), ("2", "speakers") })
        {
            using var mint = Request(HttpMethod.Post, "/admin/codes");
            mint.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
            mint.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["count"] = count, ["label"] = label });
            (await browser.SendAsync(mint)).Dispose();
        }

        using var dashboard = Request(HttpMethod.Get, "/admin");
        dashboard.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        (await browser.SendAsync(dashboard)).Dispose();

        // The outage page (503).
        var availability = app.Services.GetRequiredService<StoreAvailability>();
        availability.ReportUnavailable(StoreUnavailableException.DefaultMessage);
        await RenderAllAsync(browser, ["/"], language);
        availability.ReportAvailable();

        Assert.Empty(misses.Keys);
        Assert.True(misses.Found > 100, $"Only {misses.Found} texts were looked up: did the views render?");
    }

    private static async Task RenderAllAsync(HttpClient browser, IEnumerable<string> paths, string language)
    {
        foreach (var path in paths)
        {
            using var request = Request(HttpMethod.Get, path);
            using var response = await browser.SendAsync(request);
            Assert.Contains($"<html lang=\"{language}\">", await response.Content.ReadAsStringAsync());
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string accept = "text/html")
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }

    private static Dictionary<string, string> Entries(CultureInfo culture) =>
        _texts.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static string[] Placeholders(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+(:[^}]*)?\}").Select(m => m.Value).Order(StringComparer.Ordinal)];

    private sealed class RecordedMisses
    {
        private readonly HashSet<string> _keys = [];
        private int _found;

        public IReadOnlyCollection<string> Keys
        {
            get
            {
                lock (_keys)
                {
                    return [.. _keys];
                }
            }
        }

        public int Found => Volatile.Read(ref _found);

        public void Add(string key)
        {
            lock (_keys)
            {
                _keys.Add(key);
            }
        }

        public void Hit() => Interlocked.Increment(ref _found);
    }

    // Every lookup must find its text in the request's own language, not in English by fallback.
    private sealed class StrictLocalizerFactory(IStringLocalizerFactory inner, RecordedMisses misses) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new StrictLocalizer(inner.Create(resourceSource), misses);

        public IStringLocalizer Create(string baseName, string location) => new StrictLocalizer(inner.Create(baseName, location), misses);
    }

    private sealed class StrictLocalizer(IStringLocalizer inner, RecordedMisses misses) : IStringLocalizer
    {
        public LocalizedString this[string name] => Check(inner[name]);

        public LocalizedString this[string name, params object[] arguments] => Check(inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

        private LocalizedString Check(LocalizedString text)
        {
            var culture = CultureInfo.CurrentUICulture;
            var own = _texts.GetResourceSet(culture, createIfNotExists: true, tryParents: false)?.GetString(text.Name);
            if (text.ResourceNotFound || own is null)
            {
                misses.Add($"{culture.Name}:{text.Name}");
            }
            else
            {
                misses.Hit();
            }

            return text;
        }
    }
}
