using RollCall.Web.Tests.Browser;

namespace RollCall.Web.Tests;

/// <summary>WCAG AA: text against its background reaches 4.5:1 on the page, the board and the admin page, light and dark.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContrastTests(Chromium chromium)
{
    // The contrast ratio (WCAG 2) of an element's text colour against the first opaque background behind it.
    private const string Contrast = """
        (selector) => {
          const element = document.querySelector(selector);
          if (!element) { return -1; }
          const parse = c => { const p = c.match(/[\d.]+/g).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          const luminance = c => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
          let background = null;
          for (let e = element; e && !background; e = e.parentElement) {
            const c = parse(getComputedStyle(e).backgroundColor);
            if (c.a > 0.99) { background = c; }
          }
          background = background || { r: 255, g: 255, b: 255 };
          const a = luminance(parse(getComputedStyle(element).color)), b = luminance(background);
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }
        """;

    private static readonly string[] _page =
    [
        "h1", ".count", "#count", "label[for=firstName]", "#firstName", "button[type=submit]", "#message.ok",
        ".names li", "a[href='/attendees']", ".footer a",
    ];

    private static readonly string[] _board = [".board-title", "#count", ".board-label", "#board-names-heading", ".board-list li", ".board-list li:first-child", ".board-url"];

    private static readonly string[] _admin = ["h1", "label[for=token]", ".hint", "button[type=submit]", "#message.error"];

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task EveryTextReachesFourAndAHalfToOne(ColorScheme scheme)
    {
        await using var app = new WebApp();
        var codes = await app.MintAsync(2);
        await app.RegisterOverGrpcAsync("Ada", "Lovelace", codes[0]);
        await app.RegisterOverGrpcAsync("Grace", "Hopper", codes[1]);
        await using var context = await chromium.Browser.NewContextAsync(new() { ColorScheme = scheme, ViewportSize = new() { Width = 1280, Height = 720 } });
        var page = await context.NewPageAsync();

        var failures = new List<string>();
        await page.GotoAsync(app.Url("/?result=registered"));
        await MeasureAsync(page, "page", _page, failures);
        await page.EvaluateAsync("() => { document.getElementById('message').className = 'message error'; }");
        await MeasureAsync(page, "page", ["#message.error"], failures);

        await page.GotoAsync(app.Url("/board"));
        await MeasureAsync(page, "board", _board, failures);

        await page.GotoAsync(app.Url("/admin"));
        await page.GetByLabel("Admin token").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await MeasureAsync(page, "admin", _admin, failures);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task MeasureAsync(IPage page, string where, string[] selectors, List<string> failures)
    {
        foreach (var selector in selectors)
        {
            var ratio = await page.EvaluateAsync<double>(Contrast, selector);
            if (ratio < 4.5)
            {
                failures.Add(ratio < 0 ? $"{where}: {selector} not found" : $"{where}: {selector} has contrast {ratio:F2}:1");
            }
        }
    }
}
