using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using RollCall.Testing;

namespace RollCall.Server.Tests.Web;

/// <summary>
/// Behind a TLS-terminating proxy named with <c>--trusted-proxy</c>, <c>X-Forwarded-Proto: https</c>
/// makes the request https: the board's QR code and links, Secure cookies, HSTS. From anyone else
/// the header changes nothing. Over the test server, whose requests come from 127.0.0.1.
/// </summary>
public sealed class ForwardedProtoTests
{
    private const string Host = "rollcall.example.org";

    [Fact]
    public async Task BehindATrustedProxyTheBoardLinksToHttpsAndHstsIsSent()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:TrustedProxies"] = "127.0.0.1" });
        var http = app.CreateClient();

        using var board = await http.SendAsync(ThroughProxy(HttpMethod.Get, "/board"));
        var html = await board.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        Assert.Contains($"QR code of https://{Host}/", html);
        Assert.DoesNotContain($"http://{Host}", html);
        Assert.Equal("max-age=31536000", Assert.Single(board.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task BehindATrustedProxyEveryCookieTheServerSetsIsSecure()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:TrustedProxies"] = "127.0.0.1" });
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var (forgeryCookies, loginCookies) = await LogInAsync(http, app.AdminToken);

        Assert.Contains(forgeryCookies, c => c.StartsWith("rollcall_csrf=", StringComparison.Ordinal));
        Assert.Contains(loginCookies, c => c.StartsWith("rollcall_admin=", StringComparison.Ordinal));
        Assert.All(forgeryCookies.Concat(loginCookies), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task FromAPeerThatIsNotATrustedProxyXForwardedProtoIsIgnored()
    {
        // A proxy is configured, but the test server's peer (127.0.0.1) is not it.
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:TrustedProxies"] = "203.0.113.0/24" });
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        using var board = await http.SendAsync(ThroughProxy(HttpMethod.Get, "/board"));
        var html = await board.Content.ReadAsStringAsync();
        var (forgeryCookies, loginCookies) = await LogInAsync(http, app.AdminToken);

        Assert.Contains($"QR code of http://{Host}/", html);
        Assert.False(board.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains(loginCookies, c => c.StartsWith("rollcall_admin=", StringComparison.Ordinal));
        Assert.All(forgeryCookies.Concat(loginCookies), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task WithoutAnyTrustedProxyXForwardedProtoIsIgnored()
    {
        await using var app = new RollCallApplication();
        var http = app.CreateClient();

        using var board = await http.SendAsync(ThroughProxy(HttpMethod.Get, "/board"));

        Assert.Contains($"QR code of http://{Host}/", await board.Content.ReadAsStringAsync());
        Assert.False(board.Headers.Contains("Strict-Transport-Security"));
    }

    // What the shipped nginx sends: the browser's Host, and the scheme it was reached on.
    private static HttpRequestMessage ThroughProxy(HttpMethod method, string path, HttpContent? content = null, string? cookies = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Host = Host;
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        return request;
    }

    private static async Task<(List<string> Forgery, List<string> Login)> LogInAsync(HttpClient http, string token)
    {
        using var page = await http.SendAsync(ThroughProxy(HttpMethod.Get, "/admin"));
        var forgeryCookies = SetCookies(page);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = AdminBrowser.Forgery(await page.Content.ReadAsStringAsync()), ["token"] = token });
        var cookieHeader = string.Join("; ", forgeryCookies.Select(c => c[..c.IndexOf(';', StringComparison.Ordinal)]));
        using var login = await http.SendAsync(ThroughProxy(HttpMethod.Post, "/admin/login", form, cookieHeader));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (forgeryCookies, SetCookies(login));
    }

    private static List<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];
}
