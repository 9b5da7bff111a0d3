using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Tests.Storage;
using RollCall.Testing;
using RollCall.V1;
using Attendant = RollCall.Server.Domain.Attendant;

namespace RollCall.Server.Tests.Web;

/// <summary>While the database is away, browsers get the registration page with the reason and a 503, not a 500.</summary>
public sealed class OutagePageTests
{
    [Fact]
    public async Task WhileTheDatabaseIsAwayThePageAnswers503WithTheReasonAndTheLastKnownNames()
    {
        await using var app = new RollCallApplication();
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1))[0];
        await new Registration.RegistrationClient(app.CreateChannel()).RegisterAsync(new RegisterRequest { FirstName = "José", LastName = "<b>Núñez</b>", Code = code });
        var client = app.CreateClient();
        var before = await client.GetStringAsync("/");
        var availability = app.Services.GetRequiredService<StoreAvailability>();

        availability.ReportUnavailable(StoreUnavailableException.DefaultMessage);
        using var outage = await client.GetAsync("/");
        var page = await outage.Content.ReadAsStringAsync();
        availability.ReportAvailable();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, outage.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), outage.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", outage.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"class=\"message error\" role=\"status\" aria-live=\"polite\" tabindex=\"-1\">{StoreUnavailableException.DefaultMessage}</p>", page);
        Assert.Contains("<span id=\"count\">1</span>", page);
        Assert.Contains("José &lt;b&gt;Núñez&lt;/b&gt;", page);
        // The shared page of this version is still the plain one.
        Assert.Equal(before, await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task AStoreFailureBehindAWebEndpointAnswersBrowsersWithThePageAndScriptsWithJson()
    {
        await using var app = new RollCallApplication(configureServices: services =>
        {
            var store = services.Last(d => d.ServiceType == typeof(IRegistrationStore));
            services.Remove(store);
            services.AddSingleton<IRegistrationStore>(sp => new FailingStore((IRegistrationStore)store.ImplementationFactory!(sp)));
        });
        var client = app.CreateClient();

        using var browser = new HttpRequestMessage(HttpMethod.Get, "/attendees");
        browser.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var page = await client.SendAsync(browser);
        using var script = await client.GetAsync("/attendees");
        using var form = new HttpRequestMessage(HttpMethod.Post, "/register")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["firstName"] = "Ada", ["lastName"] = "Lovelace", ["code"] = "42" }),
        };
        form.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var posted = await client.SendAsync(form);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), page.Headers.RetryAfter?.Delta);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"register-form\"", html);
        Assert.Contains($">{StoreUnavailableException.DefaultMessage}</p>", html);
        // The page's form without JavaScript, posted while the database is away.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.StatusCode);
        Assert.Contains($">{StoreUnavailableException.DefaultMessage}</p>", await posted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, script.StatusCode);
        Assert.Equal($"\"{StoreUnavailableException.DefaultMessage}\"", await script.Content.ReadAsStringAsync());
    }

    // The real store, except that reading the attendee list and redeeming fail as with an unreachable database.
    private sealed class FailingStore(IRegistrationStore store) : DelegatingRegistrationStore(store)
    {
        public override Task<IReadOnlyList<Attendant>> ListAttendantsAsync(long eventId, long afterNumber, int limit, CancellationToken cancellationToken) =>
            throw new StoreUnavailableException();

        public override Task<RedeemResult> RedeemAsync(Redemption redemption, CancellationToken cancellationToken) => throw new StoreUnavailableException();
    }
}
