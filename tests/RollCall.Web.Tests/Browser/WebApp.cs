using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using RollCall.Server.Live;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Web.Tests.Browser;

/// <summary>The server on real loopback ports for a browser test, with short-hands for its state.</summary>
public sealed class WebApp : IAsyncDisposable
{
    private readonly RollCallApplication _app;
    private readonly GrpcChannel _channel;

    public WebApp(IDictionary<string, string?>? settings = null)
    {
        _app = new RollCallApplication(settings).StartKestrel();
        _channel = _app.CreateChannel();
    }

    public RollCallApplication Application => _app;

    /// <summary>The page's address, e.g. http://127.0.0.1:PORT/.</summary>
    public string Url(string path = "/") => new Uri(_app.WebAddress!, path).ToString();

    public string AdminToken => _app.AdminToken;

    /// <summary>How many live streams (pages, boards, WatchStatus calls) are connected.</summary>
    public int Subscribers => _app.Services.GetRequiredService<EventStatuses>().Current.SubscriberCount;

    public Task<List<string>> MintAsync(int count) => AdminCalls.MintAsync(_channel, _app.AdminToken, count);

    /// <summary>How many live streams event <paramref name="slug"/> has connected.</summary>
    public int SubscribersOf(string slug) =>
        _app.Services.GetRequiredService<EventStatuses>().All.FirstOrDefault(b => b.EventId == EventId(slug))?.SubscriberCount ?? 0;

    /// <summary>Creates an event over the v1 API; the first one created becomes current.</summary>
    public async Task CreateEventAsync(string slug, string title) =>
        await new Events.EventsClient(_channel).CreateEventAsync(new CreateEventRequest { Event = new Event { Slug = slug, Title = title } }, _app.AdminHeaders);

    /// <summary>Makes <paramref name="slug"/> the current event.</summary>
    public async Task SetCurrentEventAsync(string slug) =>
        await new Events.EventsClient(_channel).SetCurrentEventAsync(new SetCurrentEventRequest { Event = slug }, _app.AdminHeaders);

    /// <summary>Mints <paramref name="count"/> codes of event <paramref name="slug"/>.</summary>
    public async Task<List<string>> MintAsync(string slug, int count) =>
        [.. (await new Admin.AdminClient(_channel).IssueCodesAsync(new IssueCodesRequest { Count = count, Event = slug }, _app.AdminHeaders)).Codes.Select(c => c.Code)];

    /// <summary>How many attendees event <paramref name="slug"/> has, over the v1 API.</summary>
    public async Task<int> CountAsync(string slug) =>
        (await new Registration.RegistrationClient(_channel).GetStatusAsync(new GetStatusRequest { Event = slug })).Count;

    /// <summary>Registers over gRPC, the way another client would.</summary>
    public async Task RegisterOverGrpcAsync(string first, string last, string code) =>
        await new Registration.RegistrationClient(_channel).RegisterAsync(new RegisterRequest { FirstName = first, LastName = last, Code = code });

    /// <summary>Fills the registration form and presses the button.</summary>
    public static async Task FillAndSubmitAsync(IPage page, string first, string last, string code)
    {
        await page.GetByLabel("First name").FillAsync(first);
        await page.GetByLabel("Last name").FillAsync(last);
        await page.GetByLabel("Registration code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
    }

    private long EventId(string slug) =>
        _app.Services.GetRequiredService<RollCall.Server.Application.EventCatalog>().Find(slug)?.Id ?? -1;

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.DisposeAsync();
    }
}
