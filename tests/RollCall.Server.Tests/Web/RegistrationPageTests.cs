using System.Net;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Web;

/// <summary>The registration page: count, form, names, encoding, assets, limits.</summary>
public sealed class RegistrationPageTests
{
    [Fact]
    public async Task HostileNamesRegisterAndAreShownEncoded()
    {
        await using var app = new RollCallApplication();
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 2);
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        await registration.RegisterAsync(new RegisterRequest { FirstName = "<script>alert(1)</script>", LastName = "Smith", Code = codes[0] });
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Robert'); DROP TABLE Students;--", LastName = "Tables", Code = codes[1] });

        var page = await app.CreateClient().GetStringAsync("/");

        Assert.DoesNotContain("<script>alert(1)</script>", page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Smith", page);
        Assert.Contains("Robert&#x27;); DROP TABLE Students;--", page);
        Assert.Contains("<span id=\"count\">2</span>", page);
    }

    [Fact]
    public async Task AccentedNamesStayReadableInTheSourceOfEveryPage()
    {
        await using var app = new RollCallApplication();
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1))[0];
        await new Registration.RegistrationClient(app.CreateChannel()).RegisterAsync(new RegisterRequest { FirstName = "José", LastName = "Núñez & Zoë", Code = code });
        var client = app.CreateClient();

        foreach (var path in new[] { "/", "/?code=42", "/?result=registered", "/attendees", "/board" })
        {
            Assert.Contains("<li value=\"1\">José Núñez &amp; Zoë</li>", await client.GetStringAsync(path));
        }
    }

    [Fact]
    public async Task ThePlainPageIsBuiltOncePerStatusAndChangesWithEachRegistration()
    {
        await using var app = new RollCallApplication();
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 2);
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        var client = app.CreateClient();
        var empty = await client.GetStringAsync("/");
        Assert.Equal(empty, await client.GetStringAsync("/"));
        Assert.Contains("<span id=\"count\">0</span>", empty);

        await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[0] });
        var one = await client.GetStringAsync("/");
        Assert.Contains("<span id=\"count\">1</span>", one);
        Assert.Contains("Ada Lovelace", one);

        await registration.RegisterAsync(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = codes[1] });
        await new Admin.AdminClient(app.CreateChannel()).RevokeCodeAsync(new RevokeCodeRequest { Code = codes[0] }, AdminCalls.Bearer(app.AdminToken));
        var afterCancel = await client.GetStringAsync("/");
        Assert.Contains("<span id=\"count\">1</span>", afterCancel);
        Assert.Contains("Grace Hopper", afterCancel);
        Assert.DoesNotContain("Ada Lovelace", afterCancel);

        // A query string still gets its own page: the cached one never answers it.
        Assert.Contains("value=\"979509393\"", await client.GetStringAsync("/?code=979509393"));
        Assert.DoesNotContain("979509393", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task ACodeInTheQueryStringIsPrefilledAndEncoded()
    {
        await using var app = new RollCallApplication();
        var client = app.CreateClient();

        Assert.Contains("value=\"979509393\"", await client.GetStringAsync("/?code=979509393"));
        var hostile = await client.GetStringAsync("/?code=" + Uri.EscapeDataString("\"><script>x</script>"));
        Assert.DoesNotContain("<script>x</script>", hostile);
    }

    [Fact]
    public async Task AnUnknownResultKeyShowsNoMessage()
    {
        await using var app = new RollCallApplication();
        var page = await app.CreateClient().GetStringAsync("/?result=" + Uri.EscapeDataString("<b>owned</b>"));
        Assert.DoesNotContain("owned", page);
    }

    [Fact]
    public async Task ThePageLoadsItsAssetsFromTheServerOnly()
    {
        await using var app = new RollCallApplication();
        var client = app.CreateClient();
        using var response = await client.GetAsync("/");
        var page = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("http://", page);
        Assert.DoesNotContain("https://", page);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/css/rollcall.css")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/js/register.js")).StatusCode);
    }

    [Fact]
    public async Task TheCodeFieldAsksPhonesForTheNumericKeypad()
    {
        await using var app = new RollCallApplication();
        var page = await app.CreateClient().GetStringAsync("/");
        Assert.Contains("inputmode=\"numeric\"", page);
        Assert.Contains("name=\"viewport\"", page);
        Assert.Contains("<label for=\"code\">", page);
    }

    [Fact]
    public async Task TheFullListIsPaginated()
    {
        await using var app = new RollCallApplication();
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 130);
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        foreach (var (code, i) in codes.Select((c, i) => (c, i)))
        {
            await registration.RegisterAsync(new RegisterRequest { FirstName = "Guest", LastName = $"N{i + 1}", Code = code });
        }

        var client = app.CreateClient();
        var first = await client.GetStringAsync("/attendees");
        Assert.Contains("Guest N1<", first);
        Assert.Contains("Guest N100<", first);
        Assert.DoesNotContain("Guest N101<", first);
        Assert.Contains("href=\"attendees?after=100\"", first);
        var second = await client.GetStringAsync("/attendees?after=100");
        Assert.Contains("Guest N130<", second);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/attendees?after=abc")).StatusCode);
    }

    [Fact]
    public async Task TheMainPageShowsABoundedNumberOfNames()
    {
        await using var app = new RollCallApplication();
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 30);
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        foreach (var (code, i) in codes.Select((c, i) => (c, i)))
        {
            await registration.RegisterAsync(new RegisterRequest { FirstName = "Guest", LastName = $"N{i + 1}", Code = code });
        }

        var page = await app.CreateClient().GetStringAsync("/");
        Assert.Contains("Guest N30<", page);
        Assert.Contains("Guest N11<", page);
        Assert.DoesNotContain("Guest N10<", page);
        Assert.Contains("<span id=\"count\">30</span>", page);
    }

    [Fact]
    public async Task HealthzAnswers200WhileTheDatabaseAnswers()
    {
        await using var app = new RollCallApplication();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/livez")).StatusCode);
    }
}
