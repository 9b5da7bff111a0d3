using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using RollCall.Testing;

namespace RollCall.Server.Tests.Web;

/// <summary>
/// A browser on the admin pages over the test server: keeps cookies, does not follow redirects (so
/// they can be asserted), and with <c>from</c> claims a client address through X-Forwarded-For
/// (believed when the server trusts 127.0.0.1 as its proxy).
/// </summary>
internal sealed partial class AdminBrowser : IDisposable
{
    public AdminBrowser(RollCallApplication app, string? from = null)
    {
        Http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (from is not null)
        {
            Http.DefaultRequestHeaders.Add("X-Forwarded-For", from);
        }
    }

    public HttpClient Http { get; }

    /// <summary>Opens the login page for its antiforgery token and posts <paramref name="token"/>.</summary>
    public async Task<HttpResponseMessage> LoginAsync(string token)
    {
        var forgery = Forgery(await Http.GetStringAsync("/admin"));
        return await Http.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = forgery, ["token"] = token }));
    }

    /// <summary>Sends a request with <c>Authorization: Bearer <paramref name="token"/></c>.</summary>
    public async Task<HttpResponseMessage> SendWithBearerAsync(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    /// <summary>The antiforgery token of a page's form.</summary>
    public static string Forgery(string html) => ForgeryField().Match(html).Groups[1].Value;

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex ForgeryField();
}
